-- Announcements by rayon and city: a subscription may narrow its oblast to one rayon or city, and an
-- announcement may target one. `region` keeps its meaning (an oblast, a republican city or 'all'),
-- so everything written before this migration still means "the whole region".

ALTER TABLE subscriptions ADD COLUMN place TEXT;        -- a rayon or city id inside `region`; NULL: the whole region
ALTER TABLE subscriptions ADD COLUMN place_rayon TEXT;  -- the rayon a city of rayon significance lies in; else NULL

CREATE INDEX subscriptions_place ON subscriptions (active, region, place);

-- For audience = 'place' (audience_value is the rayon or city id): where it lies, fixed when the
-- announcement is written, so the recipients are chosen without reading regions.yaml again.
ALTER TABLE broadcasts ADD COLUMN audience_region TEXT;  -- the oblast id
ALTER TABLE broadcasts ADD COLUMN audience_rayon TEXT;   -- the rayon id (the place itself, or the rayon of a city of rayon significance)
