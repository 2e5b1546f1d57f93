package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// apiDoc is the page whose endpoint index is generated from the served OpenAPI document (and so from the route
// table): TestOpenAPIDocumentIsCommitted fails while it lists other operations than the server has, and
// JIEBANG_UPDATE_OPENAPI=1 (make api-types) rewrites it.
const apiDoc = "../docs/api.md"

const (
	endpointsBegin = "<!-- endpoints:begin (generated from the route table by `make api-types`; do not edit by hand) -->"
	endpointsEnd   = "<!-- endpoints:end -->"
)

// checkAPIDoc compares docs/api.md's generated endpoint index with the one rendered from the served document;
// update rewrites it. It returns what is wrong ("" when current).
func checkAPIDoc(served []byte, update bool) (string, error) {
	page, err := os.ReadFile(apiDoc)
	if err != nil {
		return "", err
	}
	begin, end := bytes.Index(page, []byte(endpointsBegin)), bytes.Index(page, []byte(endpointsEnd))
	if begin < 0 || end < begin {
		return "docs/api.md has no " + endpointsBegin + " … " + endpointsEnd + " section", nil
	}
	index, err := renderEndpoints(served)
	if err != nil {
		return "", err
	}
	current := string(page[begin+len(endpointsBegin) : end])
	if current == index {
		return "", nil
	}
	if update {
		out := append([]byte{}, page[:begin+len(endpointsBegin)]...)
		out = append(out, index...)
		out = append(out, page[end:]...)
		return "", os.WriteFile(apiDoc, out, 0o644)
	}
	return "docs/api.md's endpoint index differs from the route table (" + indexDiff(current, index) +
		"): run `make api-types` and commit docs/api.md", nil
}

// indexDiff names the first operation lines that one index has and the other has not.
func indexDiff(old, cur string) string {
	has := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	o, c := has(old), has(cur)
	var missing, stale []string
	for l := range c {
		if !o[l] && strings.HasPrefix(l, "| `") {
			missing = append(missing, strings.SplitN(l, "|", 3)[1])
		}
	}
	for l := range o {
		if !c[l] && strings.HasPrefix(l, "| `") {
			stale = append(stale, strings.SplitN(l, "|", 3)[1])
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	return fmt.Sprintf("missing or changed: %v; no longer so: %v", missing, stale)
}

type docOperation struct {
	Summary     string                      `json:"summary"`
	Description string                      `json:"description"`
	Tags        []string                    `json:"tags"`
	Security    []map[string]any            `json:"security"`
	Parameters  []struct{ Name, In string } `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// renderEndpoints renders the endpoint index: a section per tag (area), in the document's tag order, each
// operation with who may call it, its body, its answer and the error statuses it declares.
func renderEndpoints(served []byte) (string, error) {
	var doc struct {
		Tags []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"tags"`
		Paths map[string]map[string]docOperation `json:"paths"`
	}
	if err := json.Unmarshal(served, &doc); err != nil {
		return "", err
	}
	type row struct {
		path, method string
		o            docOperation
	}
	byTag := map[string][]row{}
	for path, ops := range doc.Paths {
		for method, o := range ops {
			tag := "other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			byTag[tag] = append(byTag[tag], row{path, strings.ToUpper(method), o})
		}
	}
	order := []string{}
	described := map[string]string{}
	for _, t := range doc.Tags {
		order = append(order, t.Name)
		described[t.Name] = t.Description
	}
	var rest []string
	for t := range byTag {
		if _, ok := described[t]; !ok {
			rest = append(rest, t)
		}
	}
	sort.Strings(rest)
	order = append(order, rest...)
	methodRank := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}

	var b strings.Builder
	b.WriteString("\n\nEvery operation the server routes, by area. **Who**: anyone (no token), any logged-in user, or the roles " +
		"named (the domain narrows further: the owner, the assigned expert, ...). **Body** and **answer** name the " +
		"schemas of the OpenAPI document. **Refusals** are the error statuses the operation declares, each with " +
		"the error body `{error: {code, message, details}}`: 400 malformed, 401 not logged in or a bad token, 403 " +
		"not allowed, 404 not found (or not to be known), 409 wrong state or conflict, 413 too large, 422 breaks a " +
		"rule, 429 throttled, 500 unexpected (with `request_id`).\n")
	for _, tag := range order {
		rows := byTag[tag]
		if len(rows) == 0 {
			continue
		}
		sort.Slice(rows, func(i, j int) bool {
			if rows[i].path != rows[j].path {
				return rows[i].path < rows[j].path
			}
			return methodRank[rows[i].method] < methodRank[rows[j].method]
		})
		fmt.Fprintf(&b, "\n### %s\n\n", tag)
		if d := described[tag]; d != "" {
			b.WriteString(d + "\n\n")
		}
		b.WriteString("| operation | what | who | body | answer | refusals |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "| `%s %s` | %s | %s | %s | %s | %s |\n", r.method, r.path, cell(r.o.Summary), who(r.o),
				body(r.o), answer(r.o), refusals(r.o))
		}
	}
	b.WriteString("\n")
	return b.String(), nil
}

func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }

func who(o docOperation) string {
	if len(o.Security) == 0 {
		return "anyone"
	}
	if r, ok := strings.CutPrefix(o.Description, "Roles: "); ok {
		r, _, _ = strings.Cut(r, "\n")
		return r
	}
	return "user"
}

func schemaRef(s map[string]any) string {
	if ref, ok := s["$ref"].(string); ok {
		return "`" + strings.TrimPrefix(ref, "#/components/schemas/") + "`"
	}
	if t, ok := s["type"].(string); ok {
		if t == "array" {
			if it, ok := s["items"].(map[string]any); ok {
				return "[" + schemaRef(it) + "]"
			}
		}
		return t
	}
	return "JSON"
}

func body(o docOperation) string {
	if o.RequestBody == nil {
		return ""
	}
	var parts []string
	for ct, c := range o.RequestBody.Content {
		switch {
		case ct == "multipart/form-data":
			parts = append(parts, "file upload (multipart `file`)")
		case c.Schema != nil:
			parts = append(parts, schemaRef(c.Schema))
		default:
			parts = append(parts, ct)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func answer(o docOperation) string {
	var codes []string
	for code := range o.Responses {
		if code < "400" {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	var parts []string
	for _, code := range codes {
		c := o.Responses[code].Content
		if len(c) == 0 {
			parts = append(parts, code)
			continue
		}
		var cts []string
		for ct, m := range c {
			if strings.HasPrefix(ct, "application/json") && m.Schema != nil {
				cts = append(cts, schemaRef(m.Schema))
			} else {
				cts = append(cts, shortType(ct))
			}
		}
		sort.Strings(cts)
		parts = append(parts, code+" "+strings.Join(cts, ", "))
	}
	return strings.Join(parts, "; ")
}

// shortType names a file type briefly (the document has the full media types).
func shortType(ct string) string {
	switch ct {
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "xlsx"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "docx"
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return "pptx"
	case "application/vnd.ms-excel":
		return "xls"
	case "application/msword":
		return "doc"
	case "application/vnd.ms-powerpoint":
		return "ppt"
	}
	if _, sub, ok := strings.Cut(ct, "/"); ok {
		return sub
	}
	return ct
}

func refusals(o docOperation) string {
	var codes []string
	for code := range o.Responses {
		if code >= "400" {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	return strings.Join(codes, " ")
}
