-- A fresh deployment has one universe with the default settings of the rules (section 0).
-- Settings are stored sparse: absent keys take their defaults when read.
INSERT OR IGNORE INTO `universes` (`id`, `name`, `settings`, `is_default`, `created_at`)
VALUES ('milky-way', 'Milky Way', '{}', 1, 0);
