-- The listing takes each seller's name from universe_players, which account deletion renames; a
-- copy here outlived the deletion (an offer projected after it brought the old name back).
ALTER TABLE `market_offers` DROP COLUMN `seller_name`;
