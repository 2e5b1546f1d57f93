package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Map is what archmap reads from the sources.
type Map struct {
	// Imports are, for each project package (path below the module), the project packages it imports.
	Imports map[string][]string
	// External are, for each project package, the third-party packages it imports that the layer rules name.
	External map[string][]string
	// Events are the events the areas publish, by their name (the value of an exported constant Event... ).
	Events map[string]Event
}

// Event is one published event: its name ("race.start"), the constant that names it and the package that
// declares it (the area that publishes it), and the packages whose code registers a handler for it.
type Event struct {
	Name      string
	Const     string
	Publisher string
	Handlers  []string
}

// watched are the third-party packages the layer rules keep out of some layers.
var watched = map[string]string{"github.com/gin-gonic/gin": "gin", "gorm.io/gorm": "gorm"}

// handlerFuncs are the names of the calls that register a handler for an event.
var handlerFuncs = map[string]bool{"On": true, "Handle": true, "Subscribe": true}

// skipDirs are not Go packages of the product.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "data": true, "bin": true, "bench-out": true, "testdata": true, "dist": true}

// Scan reads the non-test Go files of every package below root.
func Scan(root string) (*Map, error) {
	m := &Map{Imports: map[string][]string{}, External: map[string][]string{}, Events: map[string]Event{}}
	type ref struct{ pkg, name string }
	consts := map[ref]string{}
	handlers := map[ref]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if f.Name.Name == "main" && pkg == "cmd/archmap" {
			return nil // the map-maker is not on the map
		}
		aliases := map[string]string{}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if short, ok := watched[p]; ok {
				m.External[pkg] = appendUnique(m.External[pkg], short)
			}
			if !strings.HasPrefix(p, module+"/") {
				continue
			}
			target := strings.TrimPrefix(p, module+"/")
			m.Imports[pkg] = appendUnique(m.Imports[pkg], target)
			name := target[strings.LastIndex(target, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			aliases[name] = target
		}
		if _, ok := m.Imports[pkg]; !ok {
			m.Imports[pkg] = nil
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Event") || !n.IsExported() || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if v, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(v, ".") {
							consts[ref{pkg, n.Name}] = v
						}
					}
				}
			}
		}
		// A function that registers a handler (a call of On, Handle or Subscribe) handles every event constant it
		// names: one call per event, or a loop over a list of them.
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !registers(fd.Body) {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				var r ref
				switch a := n.(type) {
				case *ast.SelectorExpr:
					x, ok := a.X.(*ast.Ident)
					if !ok || aliases[x.Name] == "" || !strings.HasPrefix(a.Sel.Name, "Event") {
						return true
					}
					r = ref{aliases[x.Name], a.Sel.Name}
				case *ast.Ident:
					if !strings.HasPrefix(a.Name, "Event") {
						return true
					}
					r = ref{pkg, a.Name}
				default:
					return true
				}
				if handlers[r] == nil {
					handlers[r] = map[string]bool{}
				}
				handlers[r][pkg] = true
				return false
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for r, name := range consts {
		e := Event{Name: name, Const: pkgName(r.pkg) + "." + r.name, Publisher: r.pkg}
		for h := range handlers[r] {
			e.Handlers = append(e.Handlers, h)
		}
		sort.Strings(e.Handlers)
		if old, dup := m.Events[name]; dup && old.Publisher != r.pkg {
			return nil, fmt.Errorf("event %q is declared twice: %s and %s", name, old.Const, e.Const)
		}
		m.Events[name] = e
	}
	for p := range m.Imports {
		sort.Strings(m.Imports[p])
	}
	return m, nil
}

// registers reports whether body calls a handler-registering function.
func registers(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && handlerFuncs[funcName(call.Fun)] {
			found = true
		}
		return !found
	})
	return found
}

// funcName is the name of the function a call calls (generic instantiations included).
func funcName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	case *ast.IndexExpr:
		return funcName(f.X)
	case *ast.IndexListExpr:
		return funcName(f.X)
	}
	return ""
}

func pkgName(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// layer is the layer of a package: cmd, api, domain, repository, or "" for the others (migrations, frontend).
func layer(p string) string {
	first := strings.SplitN(p, "/", 2)[0]
	switch first {
	case "cmd", "api", "domain", "repository":
		return first
	}
	return ""
}

// forbidden are the layer rules: what each layer may not import (`cmd -> api -> domain <- repository`).
var forbidden = map[string][]string{
	"domain":     {"api", "repository", "cmd", "gin", "gorm"},
	"repository": {"api", "cmd", "gin"},
	"api":        {"repository", "cmd", "gorm"},
}

// Violations lists the imports that break a layer rule.
func (m *Map) Violations() []string {
	var out []string
	for _, p := range sortedKeys(m.Imports) {
		rules := forbidden[layer(p)]
		for _, t := range append(append([]string{}, m.Imports[p]...), m.External[p]...) {
			for _, no := range rules {
				if layer(t) == no || t == no {
					out = append(out, fmt.Sprintf("%s imports %s (%s may not import %s)", p, t, layer(p), no))
				}
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Markdown renders the map as the generated part of docs/architecture.md.
func (m *Map) Markdown() string {
	var b strings.Builder
	b.WriteString("## The map (generated from the code)\n\n")
	b.WriteString("Layers: `cmd -> api -> domain <- repository`. Checked on every run (and by a test): `domain` imports none of\n")
	b.WriteString("`api`, `repository`, `cmd`, gin or gorm; `repository` none of `api`, `cmd` or gin; `api` none of `repository`, `cmd`\n")
	b.WriteString("or gorm.\n\n")
	b.WriteString("### Packages and the project packages each imports\n\n| package | imports |\n| --- | --- |\n")
	for _, p := range sortedKeys(m.Imports) {
		var deps []string
		for _, d := range m.Imports[p] {
			deps = append(deps, "`"+d+"`")
		}
		for _, x := range m.External[p] {
			deps = append(deps, x)
		}
		if len(deps) == 0 {
			deps = []string{"—"}
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", p, strings.Join(deps, ", "))
	}
	b.WriteString("\n### Events and who reacts\n\n")
	b.WriteString("Every event is published inside the transaction of the change it reports; its handlers run there, in\n")
	b.WriteString("registration order, and an error rolls the change back.\n\n")
	b.WriteString("| event | constant | published by | handled in |\n| --- | --- | --- | --- |\n")
	for _, name := range sortedKeys(m.Events) {
		e := m.Events[name]
		hs := "—"
		if len(e.Handlers) > 0 {
			var q []string
			for _, h := range e.Handlers {
				q = append(q, "`"+h+"`")
			}
			hs = strings.Join(q, ", ")
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", e.Name, e.Const, e.Publisher, hs)
	}
	return b.String()
}

// readDoc reads the document archmap keeps.
func readDoc(root string) ([]byte, error) { return os.ReadFile(filepath.Join(root, docFile)) }
