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
	order := binary.ByteOrder(binary.LittleEndian)
	if enc == utf16BE || enc == utf32BE {
		order = binary.BigEndian
	}
	width := 2
	if enc == utf32LE || enc == utf32BE {
		width = 4
	}
	unit := func(i int) rune {
		if width == 2 {
			return rune(order.Uint16(data[i:]))
		}
		return rune(order.Uint32(data[i:]))
	}
	for i := 0; i < len(data); i += width {
		if i+width > len(data) { // a unit cut short at the end
			dst = utf8.AppendRune(dst, utf8.RuneError)
			break
		}
		r := unit(i)
		if width == 2 && utf16.IsSurrogate(r) {
			r = utf8.RuneError
			if i+2*width <= len(data) {
				if pair := utf16.DecodeRune(unit(i), unit(i+width)); pair != utf8.RuneError {
					r = pair
					i += width
				}
			}
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}
