package scanner

import (
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

func TestToUTF8(t *testing.T) {
	text := "\ufeffhé 🤗 x"
	units := utf16.Encode([]rune(text))
	for _, c := range []struct {
		enc   utfEncoding
		order binary.AppendByteOrder
		width int
	}{{utf16LE, binary.LittleEndian, 2}, {utf16BE, binary.BigEndian, 2}, {utf32LE, binary.LittleEndian, 4}, {utf32BE, binary.BigEndian, 4}} {
		var data []byte
		if c.width == 2 {
			for _, u := range units {
				data = c.order.AppendUint16(data, u)
			}
		} else {
			for _, r := range text {
				data = c.order.AppendUint32(data, uint32(r))
			}
		}
		if enc := bomEncoding(data); enc != c.enc {
			t.Errorf("%v: byte order mark read as %v", c.enc, enc)
		}
		if got := string(toUTF8(nil, data, c.enc)); got != text {
			t.Errorf("%v: %q, want %q", c.enc, got, text)
		}
		// A unit cut short at the end is one U+FFFD.
		if got := string(toUTF8(nil, append(data, 'x'), c.enc)); got != text+"\uFFFD" {
			t.Errorf("%v, cut short: %q", c.enc, got)
		}
	}
	// A lone surrogate is U+FFFD; the unit after it is still read.
	lone := binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16([]byte{0xFF, 0xFE}, 0xD800), 'a')
	if got := string(toUTF8(nil, lone, utf16LE)); got != "\ufeff\uFFFDa" {
		t.Errorf("lone surrogate: %q", got)
	}
}
