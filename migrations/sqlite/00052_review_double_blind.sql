-- +goose Up
-- A bid review round may be double-blind (双盲评审): its experts see the bids without the bidders' identity.
-- The bureau chooses it when opening the round; only bid review rounds may be (racers are public). Each item
-- of such a round carries the neutral label its experts see (方案A, 方案B …), drawn in a shuffled order.
ALTER TABLE review_rounds ADD COLUMN double_blind BOOLEAN NOT NULL DEFAULT FALSE
    CHECK (double_blind = FALSE OR kind = 'bid_review');
ALTER TABLE review_items ADD COLUMN blind_label TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE review_items DROP COLUMN blind_label;
ALTER TABLE review_rounds DROP COLUMN double_blind;
