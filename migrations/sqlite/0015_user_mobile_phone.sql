-- The mobile phone of a user (`mobile`; SCIM's phoneNumbers of type mobile). An expand: the
-- previous release never names the column, and its default keeps its inserts valid.
ALTER TABLE users ADD COLUMN mobile_phone TEXT NOT NULL DEFAULT '';
