package scanner

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// utfEncoding is a Unicode encoding other than UTF-8 that a file announces
// with its byte order mark, as PowerShell and Windows editors write text.
type utfEncoding uint8

const (
	notUTF utfEncoding = iota
	utf16LE
	utf16BE
	utf32LE
	utf32BE
)

// bomEncoding reads the byte order mark at the start of data. UTF-32 LE is
// tested before UTF-16 LE, whose mark it begins with.
func bomEncoding(data []byte) utfEncoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}):
		return utf32LE
	case bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return utf32BE
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return utf16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return utf16BE
	}
	return notUTF
}

// toUTF8 decodes a UTF-16 or UTF-32 file into dst as UTF-8, the byte order
// mark included (as U+FEFF, so columns count it as they do in a UTF-8 file
// with a mark). Positions in the decoded text are the file's own lines and
// code-point columns. An odd trailing byte or an invalid unit decodes to
// U+FFFD.
func toUTF8(dst, data []byte, enc utfEncoding) []byte {
	dst = dst[:0]
	switch enc {
	case utf16LE, utf16BE:
		order := binary.ByteOrder(binary.LittleEndian)
		if enc == utf16BE {
			order = binary.BigEndian
		}
		for i := 0; i < len(data); i += 2 {
			if i+1 >= len(data) {
				dst = utf8.AppendRune(dst, utf8.RuneError)
				break
			}
			u := rune(order.Uint16(data[i:]))
			if utf16.IsSurrogate(u) && i+3 < len(data) {
				if r := utf16.DecodeRune(u, rune(order.Uint16(data[i+2:]))); r != utf8.RuneError {
					dst = utf8.AppendRune(dst, r)
					i += 2
					continue
				}
			}
			if utf16.IsSurrogate(u) {
				u = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, u)
		}
	case utf32LE, utf32BE:
		order := binary.ByteOrder(binary.LittleEndian)
		if enc == utf32BE {
			order = binary.BigEndian
		}
		for i := 0; i < len(data); i += 4 {
			if i+3 >= len(data) {
				dst = utf8.AppendRune(dst, utf8.RuneError)
				break
			}
			dst = utf8.AppendRune(dst, rune(order.Uint32(data[i:])))
		}
	}
	return dst
}
