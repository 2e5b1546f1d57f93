// Package domain holds what every area of Jiebang shares: the error vocabulary, validation, the clock, the
// acting user, paging and the transaction boundary. Each area (account, challenge, bid, audit) lives in a
// sub-package with its entities, rules and use-case services. Nothing here imports gin or gorm.
package domain
