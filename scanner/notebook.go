package scanner

import (
	"bytes"
	"errors"
	"strings"
)

// nbPart is one scannable text of a notebook: a cell's source, one output
// field, one metadata string. Its text is the JSON strings in strs, joined
// with sep, decoded only if their raw bytes hold a keyword.
type nbPart struct {
	pos  NotebookPos
	one  [1]jsonValue // the string, when the part is a single one
	list []jsonValue  // the strings, when the part is a list of them
	sep  string
}

// strs returns the part's strings without allocating.
func (p *nbPart) strs() []jsonValue {
	if p.list != nil {
		return p.list
	}
	return p.one[:]
}

var errNotNotebook = errors.New("no cells or worksheets")

// collect lists the texts of a parsed nbformat 4 or 3 notebook into c.parts,
// reusing its storage: one collector
// serves one worker from file to file.
func (c *nbCollector) collect(data []byte, root *jsonValue) ([]nbPart, error) {
	if root.kind != jsonObject {
		return nil, errNotNotebook
	}
	c.data, c.cell, c.parts = data, 0, c.parts[:0]
	c.strings(root.field(data, "metadata"), NotebookPos{Part: "metadata"})
	switch cells, sheets := root.field(data, "cells"), root.field(data, "worksheets"); {
	case cells != nil && cells.kind == jsonArray:
		c.cells(cells)
	case sheets != nil && sheets.kind == jsonArray:
		for i := range sheets.items {
			ws := &sheets.items[i]
			c.strings(ws.field(data, "metadata"), NotebookPos{Part: "metadata"})
			if cells := ws.field(data, "cells"); cells != nil && cells.kind == jsonArray {
				c.cells(cells)
			}
		}
	default:
		return nil, errNotNotebook
	}
	return c.parts, nil
}

type nbCollector struct {
	data  []byte
	cell  int // cells seen so far, across nbformat 3 worksheets
	parts []nbPart
}

func (c *nbCollector) cells(cells *jsonValue) {
	for i := range cells.items {
		cell := &cells.items[i]
		c.cell++
		if cell.kind != jsonObject {
			continue
		}
		typ := cell.field(c.data, "cell_type").stringValue(c.data)
		at := func(part string) NotebookPos { return NotebookPos{Cell: c.cell, CellType: typ, Part: part} }
		for j := 0; j+1 < len(cell.items); j += 2 {
			key := string(c.data[cell.items[j].start:cell.items[j].end])
			v := &cell.items[j+1]
			switch key {
			case "source", "input": // "input" holds code in nbformat 3
				c.joined(v, at("source"), "")
			case "outputs":
				if v.kind == jsonArray {
					for k := range v.items {
						pos := at("output")
						pos.Output = k + 1
						c.output(&v.items[k], pos)
					}
				}
			case "metadata":
				c.strings(v, at("metadata"))
			case "attachments":
				if v.kind == jsonObject {
					for k := 1; k < len(v.items); k += 2 {
						c.bundle(&v.items[k], at("attachment"))
					}
				}
			}
		}
	}
}

func (c *nbCollector) output(out *jsonValue, pos NotebookPos) {
	if out.kind != jsonObject {
		return
	}
	for j := 0; j+1 < len(out.items); j += 2 {
		key := string(c.data[out.items[j].start:out.items[j].end])
		v := &out.items[j+1]
		switch {
		case key == "output_type" || key == "name" || key == "execution_count" || key == "prompt_number":
		case key == "data":
			c.bundle(v, pos)
		case key == "traceback":
			c.joined(v, pos, "\n")
		case key == "png" || key == "jpeg" || key == "gif" || key == "pdf":
			// nbformat 3 keeps mime data on the output itself, by short name.
		default:
			c.joined(v, pos, "")
		}
	}
}

// bundle scans a mime bundle (output data, an attachment), except binary
// types, which are base64 and never hold a readable secret.
func (c *nbCollector) bundle(b *jsonValue, pos NotebookPos) {
	if b.kind != jsonObject {
		return
	}
	for j := 0; j+1 < len(b.items); j += 2 {
		mime := string(c.data[b.items[j].start:b.items[j].end])
		if !binaryMime(mime) {
			c.joined(&b.items[j+1], pos, "")
		}
	}
}

func binaryMime(mime string) bool {
	switch {
	case mime == "image/svg+xml":
		return false
	case strings.HasPrefix(mime, "image/"), strings.HasPrefix(mime, "audio/"),
		strings.HasPrefix(mime, "video/"), mime == "application/pdf",
		mime == "application/octet-stream", mime == "image/pdf":
		return true
	}
	return false
}

// joined adds a text made of a string or a list of strings (how nbformat
// stores multi-line text); anything else is searched for strings.
func (c *nbCollector) joined(v *jsonValue, pos NotebookPos, sep string) {
	if v == nil {
		return
	}
	switch v.kind {
	case jsonString:
		c.parts = append(c.parts, nbPart{pos: pos, one: [1]jsonValue{*v}})
		return
	case jsonArray:
		for i := range v.items {
			if v.items[i].kind != jsonString {
				c.strings(v, pos)
				return
			}
		}
		if len(v.items) > 0 {
			c.parts = append(c.parts, nbPart{pos: pos, list: v.items, sep: sep})
		}
		return
	}
	c.strings(v, pos)
}

// strings adds every string value below v as its own text (metadata and
// JSON outputs, where widget state and the like live).
func (c *nbCollector) strings(v *jsonValue, pos NotebookPos) {
	if v == nil {
		return
	}
	switch v.kind {
	case jsonString:
		c.parts = append(c.parts, nbPart{pos: pos, one: [1]jsonValue{*v}})
	case jsonArray:
		for i := range v.items {
			c.strings(&v.items[i], pos)
		}
	case jsonObject:
		for i := 1; i < len(v.items); i += 2 {
			c.strings(&v.items[i], pos)
		}
	}
}

// text decodes a part into t (whose storage it reuses), with ANSI escapes
// removed when it has any.
func (p *nbPart) text(data []byte, t *Text) *Text {
	t.Data, t.anchors = t.Data[:0], t.anchors[:0]
	strs := p.strs()
	for i, s := range strs {
		if i > 0 && p.sep != "" {
			t.appendSeparator(p.sep, strs[i-1].end)
		}
		t.appendJSONString(data, s.start, s.end)
	}
	if len(t.anchors) == 0 {
		t.anchors = append(t.anchors, anchor{0, strs[0].start})
	}
	if p.pos.Part == "output" && bytes.IndexByte(t.Data, 0x1b) >= 0 {
		return t.stripANSI()
	}
	return t
}

// notebookIsPython reports whether a notebook's code is Python, which the
// practice rules read. A notebook that names no language is taken for
// Python, as Jupyter's default kernel is.
func notebookIsPython(data []byte, root *jsonValue) bool {
	meta := root.field(data, "metadata")
	if meta == nil {
		return true
	}
	for _, path := range [][2]string{{"kernelspec", "language"}, {"language_info", "name"}} {
		if v := meta.field(data, path[0]).field(data, path[1]); v != nil && v.kind == jsonString {
			return strings.EqualFold(v.stringValue(data), "python")
		}
	}
	return true
}
