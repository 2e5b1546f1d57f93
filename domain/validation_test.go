package domain

import "testing"

func TestRequiredText(t *testing.T) {
	cases := []struct {
		in   string
		code string
	}{{"", "required"}, {"   ", "required"}, {"理由", ""}, {"  四个字符  ", ""}, {"五个字符了", "too_long"}}
	for _, tc := range cases {
		var v Validator
		ok := v.RequiredText("reason", tc.in, 4)
		err := v.Err()
		if tc.code == "" {
			if !ok || err != nil {
				t.Errorf("%q: unexpected error %v", tc.in, err)
			}
			continue
		}
		ve, isVE := err.(*ValidationError)
		if ok || !isVE || ve.Fields[0].Code != tc.code || ve.Fields[0].Field != "reason" {
			t.Errorf("%q: want %s, got ok=%v %v", tc.in, tc.code, ok, err)
		}
	}
}
