package api

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"jiebang/domain/audit"
)

// checkpointDTO is one signed checkpoint of the audit chain.
type checkpointDTO struct {
	Entries   int64     `json:"entries" required:"true" description:"the chain's length when signed"`
	HeadHash  string    `json:"head_hash" required:"true" description:"hash of entry number entries"`
	SignedAt  time.Time `json:"signed_at" required:"true"`
	KeyID     string    `json:"key_id" required:"true"`
	Signature string    `json:"signature" required:"true" description:"base64 Ed25519 signature of the statement"`
}

// publicKeyDTO is the key that signs checkpoints.
type publicKeyDTO struct {
	KeyID     string `json:"key_id" required:"true" description:"first 16 hex digits of the SHA-256 of the raw public key"`
	Algorithm string `json:"algorithm" required:"true" enum:"Ed25519"`
	PublicKey string `json:"public_key" required:"true" description:"raw 32-byte public key, base64"`
	PEM       string `json:"pem" required:"true" description:"the public key as PEM (SubjectPublicKeyInfo)"`
}

type checkpointsResp struct {
	Items     []checkpointDTO `json:"items" required:"true"`
	PublicKey *publicKeyDTO   `json:"public_key" required:"true"`
	Statement string          `json:"statement" required:"true" description:"what each signature covers"`
}

const checkpointStatement = "jiebang-audit-checkpoint/v1\\n{entries}\\n{head_hash}\\n{signed_at, RFC 3339 UTC with up to microseconds}\\n"

func (a *API) auditCheckpoints(c *gin.Context) {
	cps, err := a.d.Audit.Checkpoints(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	out := checkpointsResp{Items: make([]checkpointDTO, 0, len(cps)), Statement: checkpointStatement}
	for _, cp := range cps {
		out.Items = append(out.Items, toCheckpointDTO(cp))
	}
	if id, pub := a.d.Audit.PublicKey(); pub != nil {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			fail(c, err)
			return
		}
		out.PublicKey = &publicKeyDTO{KeyID: id, Algorithm: "Ed25519", PublicKey: base64.StdEncoding.EncodeToString(pub),
			PEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
	}
	c.JSON(http.StatusOK, out)
}

func toCheckpointDTO(cp audit.Checkpoint) checkpointDTO {
	return checkpointDTO{Entries: cp.Entries, HeadHash: cp.HeadHash, SignedAt: cp.SignedAt, KeyID: cp.KeyID, Signature: cp.Signature}
}
