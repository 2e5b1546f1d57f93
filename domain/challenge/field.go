package challenge

// Field is an industry field (产业领域) a challenge belongs to; experts are matched by it.
type Field struct {
	Code   string
	NameZh string
	NameEn string
}

// Fields is the fixed list of industry fields, in display order.
var Fields = []Field{
	{"equipment", "高端装备", "High-end equipment"},
	{"materials", "新材料", "New materials"},
	{"energy", "新能源", "New energy"},
	{"biomedicine", "生物医药", "Biomedicine"},
	{"electronics", "电子信息", "Electronics and information"},
	{"ai", "人工智能", "Artificial intelligence"},
	{"environment", "节能环保", "Energy saving and environmental protection"},
	{"agriculture", "现代农业", "Modern agriculture"},
	{"marine", "海洋工程", "Marine engineering"},
	{"other", "其他", "Other"},
}

// ValidField reports whether code is one of Fields.
func ValidField(code string) bool {
	for _, f := range Fields {
		if f.Code == code {
			return true
		}
	}
	return false
}

// FieldCodes lists the codes of Fields.
func FieldCodes() []string {
	out := make([]string, len(Fields))
	for i, f := range Fields {
		out[i] = f.Code
	}
	return out
}
