package account

import "strings"

// creditCodeChars is the character set of the unified social credit code (统一社会信用代码, GB 32100-2015):
// digits and upper-case letters without I, O, Z, S and V. A character's value is its index.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the weights of the first 17 characters for the check character.
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar returns the GB 32100-2015 check character of the first 17 characters of a code, and
// false when body17 is not 17 characters of the code's character set.
func CreditCodeCheckChar(body17 string) (byte, bool) {
	if len(body17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, body17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeChars[(31-sum%31)%31], true
}

// ValidCreditCode reports whether s is a well-formed unified social credit code: 18 characters of the
// GB 32100-2015 character set (upper case) whose last character is the correct check character. Other areas
// validate consortium partners with it.
func ValidCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	c, ok := CreditCodeCheckChar(s[:17])
	return ok && s[17] == c
}

// NormalizeCreditCode trims spaces and upper-cases a code as typed by a user.
func NormalizeCreditCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
