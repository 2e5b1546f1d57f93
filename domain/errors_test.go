package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var cjk = regexp.MustCompile(`\p{Han}`)

func TestNotFoundNamesTheThingInEachLanguage(t *testing.T) {
	t.Parallel()
	e := NotFound("单位", "organisation")
	if e.En != "organisation not found" || e.Zh != "未找到单位" || e.Code != "not_found" {
		t.Fatalf("%+v", e)
	}
}

// checkedPackages are the domain packages whose English messages this test reads.
var checkedPackages = []string{".", "account", "audit", "bid", "challenge", "event", "fsm", "notify", "schedule", "review", "race", "calendar", "settings", "funding", "credit"}

// TestEnglishMessagesHaveNoChinese reads the source: wherever a Chinese string literal is followed by a second
// literal (the zh, en pair of NewError, Forbidden, Conflict, FieldErr, Validator.Check, ...), the second must
// not contain Chinese characters. The check covers format strings too, so "%s 万元" cannot slip in.
func TestEnglishMessagesHaveNoChinese(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	for _, pkg := range checkedPackages {
		err := filepath.WalkDir(pkg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != pkg {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				for i := 0; i+1 < len(call.Args); i++ {
					zh, en := literal(call.Args[i]), literal(call.Args[i+1])
					if cjk.MatchString(zh) && cjk.MatchString(en) {
						t.Errorf("%s: English message with Chinese: %q", fset.Position(call.Args[i+1].Pos()), en)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// literal returns the text of a string literal, or of the format of fmt.Sprintf("...", ...); "" otherwise.
func literal(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, _ := strconv.Unquote(x.Value)
			return s
		}
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return literal(x.Args[0])
		}
	case *ast.BinaryExpr:
		return literal(x.X) + literal(x.Y)
	}
	return ""
}
