package bid_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"jiebang/domain/bid"
)

func docx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("<xml/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetectType(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	cases := []struct {
		name string
		head []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "application/pdf"},
		{"png", png, "image/png"},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg"},
		{"docx", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"plain text named .pdf", []byte("just some text pretending to be a pdf"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"executable", []byte("MZ\x90\x00\x03\x00\x00\x00"), ""},
		{"empty", nil, ""},
	}
	for _, tc := range cases {
		got, detected := bid.DetectType(tc.head)
		if got != tc.want {
			t.Errorf("%s: got %q (detected %s), want %q", tc.name, got, detected, tc.want)
		}
	}
}

func TestCleanFilename(t *testing.T) {
	cases := map[string]string{
		"技术方案.pdf":              "技术方案.pdf",
		"../../etc/passwd":      "passwd",
		`C:\Users\li\方案.docx`:   "方案.docx",
		"a\x00b\nc.pdf":         "abc.pdf",
		"":                      "attachment",
		"..":                    "attachment",
		"  report final.xlsx  ": "report final.xlsx",
	}
	for in, want := range cases {
		if got := bid.CleanFilename(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
