CREATE TABLE `organisation_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`alias` text NOT NULL,
	`alias_key` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_aliases_org_key_uq` ON `organisation_aliases` (`organisation_id`,`alias_key`);--> statement-breakpoint
CREATE INDEX `organisation_aliases_key_idx` ON `organisation_aliases` (`alias_key`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`kind` text,
	`region_id` integer,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_name_key_uq` ON `organisations` (`name_key`);--> statement-breakpoint
CREATE INDEX `organisations_region_idx` ON `organisations` (`region_id`);--> statement-breakpoint
CREATE TABLE `member_conditions` (
	`member_id` integer NOT NULL,
	`condition` text NOT NULL,
	`attested_by` text NOT NULL,
	`attested_at` text NOT NULL,
	PRIMARY KEY(`member_id`, `condition`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `member_employers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`position` text,
	`from_date` text,
	`to_date` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `member_employers_member_idx` ON `member_employers` (`member_id`);--> statement-breakpoint
CREATE INDEX `member_employers_org_idx` ON `member_employers` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `member_relatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`name` text NOT NULL,
	`relation` text,
	`id_number` text,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_relatives_member_idx` ON `member_relatives` (`member_id`);--> statement-breakpoint
CREATE INDEX `member_relatives_id_number_idx` ON `member_relatives` (`id_number`);--> statement-breakpoint
CREATE TABLE `member_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	`ground` text,
	`details` text,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_status_history_member_idx` ON `member_status_history` (`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `member_trainings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`course` text NOT NULL,
	`trained_on` text NOT NULL,
	`hours` real NOT NULL,
	`certificate_no` text,
	`provider` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_trainings_member_idx` ON `member_trainings` (`member_id`,`trained_on`);--> statement-breakpoint
CREATE TABLE `member_unavailability` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_unavailability_member_idx` ON `member_unavailability` (`member_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `member_unavailability_range_idx` ON `member_unavailability` (`starts_at`,`ends_at`);--> statement-breakpoint
CREATE TABLE `member_vocabulary` (
	`member_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	PRIMARY KEY(`member_id`, `term_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `pool_vocabulary`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `member_vocabulary_term_idx` ON `member_vocabulary` (`term_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`gender` text NOT NULL,
	`birth_date` text NOT NULL,
	`id_number` text NOT NULL,
	`mobile` text NOT NULL,
	`email` text,
	`employer_organisation_id` integer,
	`title` text,
	`senior_title` integer DEFAULT false NOT NULL,
	`home_region_id` integer NOT NULL,
	`role_officer` integer DEFAULT false NOT NULL,
	`role_host` integer DEFAULT false NOT NULL,
	`role_recorder` integer DEFAULT false NOT NULL,
	`role_third_party` integer DEFAULT false NOT NULL,
	`source_category` text NOT NULL,
	`consent_cross_region` integer DEFAULT false NOT NULL,
	`remuneration_kind` text DEFAULT 'public_interest' NOT NULL,
	`fee_per_half_day_yuan` integer,
	`status` text DEFAULT 'candidate' NOT NULL,
	`appointment_date` text,
	`appointing_body` text,
	`appointment_letter_no` text,
	`term_end` text,
	`suspension_reason` text,
	`suspended_until` text,
	`removal_ground` text,
	`removal_note` text,
	`last_training_on` text,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`employer_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`home_region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_id_number_uq` ON `members` (`id_number`);--> statement-breakpoint
CREATE INDEX `members_home_region_idx` ON `members` (`home_region_id`,`name`);--> statement-breakpoint
CREATE INDEX `members_status_term_idx` ON `members` (`status`,`term_end`);--> statement-breakpoint
CREATE INDEX `members_term_end_idx` ON `members` (`term_end`);--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`);--> statement-breakpoint
CREATE INDEX `members_mobile_idx` ON `members` (`mobile`);--> statement-breakpoint
CREATE INDEX `members_employer_idx` ON `members` (`employer_organisation_id`);--> statement-breakpoint
CREATE INDEX `members_training_idx` ON `members` (`last_training_on`);--> statement-breakpoint
CREATE TABLE `pool_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`fee_cap_yuan` integer NOT NULL,
	`senior_fee_cap_yuan` integer NOT NULL,
	`trained_host_years` integer NOT NULL,
	`default_term_years` integer NOT NULL,
	`term_ending_soon_days` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `pool_vocabulary` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`label` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pool_vocabulary_kind_code_uq` ON `pool_vocabulary` (`kind`,`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `pool_vocabulary_kind_label_uq` ON `pool_vocabulary` (`kind`,`label`);--> statement-breakpoint
-- Hand-written below this line: full-text search (trigram, for Chinese substrings) and seed rows.
CREATE VIRTUAL TABLE `members_fts` USING fts5(`name`, content='members', content_rowid='id', tokenize='trigram');--> statement-breakpoint
CREATE TRIGGER `members_fts_ai` AFTER INSERT ON `members` BEGIN
  INSERT INTO `members_fts`(rowid, `name`) VALUES (new.`id`, new.`name`);
END;--> statement-breakpoint
CREATE TRIGGER `members_fts_ad` AFTER DELETE ON `members` BEGIN
  INSERT INTO `members_fts`(`members_fts`, rowid, `name`) VALUES ('delete', old.`id`, old.`name`);
END;--> statement-breakpoint
CREATE TRIGGER `members_fts_au` AFTER UPDATE OF `name` ON `members` BEGIN
  INSERT INTO `members_fts`(`members_fts`, rowid, `name`) VALUES ('delete', old.`id`, old.`name`);
  INSERT INTO `members_fts`(rowid, `name`) VALUES (new.`id`, new.`name`);
END;--> statement-breakpoint
CREATE VIRTUAL TABLE `organisations_fts` USING fts5(`names`, tokenize='trigram');--> statement-breakpoint
CREATE TRIGGER `organisations_fts_ai` AFTER INSERT ON `organisations` BEGIN
  INSERT INTO `organisations_fts`(rowid, `names`) VALUES (new.`id`, new.`name`);
END;--> statement-breakpoint
CREATE TRIGGER `organisations_fts_ad` AFTER DELETE ON `organisations` BEGIN
  DELETE FROM `organisations_fts` WHERE rowid = old.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `organisations_fts_au` AFTER UPDATE OF `name` ON `organisations` BEGIN
  DELETE FROM `organisations_fts` WHERE rowid = old.`id`;
  INSERT INTO `organisations_fts`(rowid, `names`)
    SELECT o.`id`, o.`name` || coalesce(' | ' || (SELECT group_concat(a.`alias`, ' | ') FROM `organisation_aliases` a WHERE a.`organisation_id` = o.`id`), '')
    FROM `organisations` o WHERE o.`id` = new.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `organisation_aliases_fts_ai` AFTER INSERT ON `organisation_aliases` BEGIN
  DELETE FROM `organisations_fts` WHERE rowid = new.`organisation_id`;
  INSERT INTO `organisations_fts`(rowid, `names`)
    SELECT o.`id`, o.`name` || coalesce(' | ' || (SELECT group_concat(a.`alias`, ' | ') FROM `organisation_aliases` a WHERE a.`organisation_id` = o.`id`), '')
    FROM `organisations` o WHERE o.`id` = new.`organisation_id`;
END;--> statement-breakpoint
CREATE TRIGGER `organisation_aliases_fts_ad` AFTER DELETE ON `organisation_aliases` BEGIN
  DELETE FROM `organisations_fts` WHERE rowid = old.`organisation_id`;
  INSERT INTO `organisations_fts`(rowid, `names`)
    SELECT o.`id`, o.`name` || coalesce(' | ' || (SELECT group_concat(a.`alias`, ' | ') FROM `organisation_aliases` a WHERE a.`organisation_id` = o.`id`), '')
    FROM `organisations` o WHERE o.`id` = old.`organisation_id`;
END;--> statement-breakpoint
CREATE TRIGGER `organisation_aliases_fts_au` AFTER UPDATE ON `organisation_aliases` BEGIN
  DELETE FROM `organisations_fts` WHERE rowid IN (old.`organisation_id`, new.`organisation_id`);
  INSERT INTO `organisations_fts`(rowid, `names`)
    SELECT o.`id`, o.`name` || coalesce(' | ' || (SELECT group_concat(a.`alias`, ' | ') FROM `organisation_aliases` a WHERE a.`organisation_id` = o.`id`), '')
    FROM `organisations` o WHERE o.`id` IN (old.`organisation_id`, new.`organisation_id`);
END;--> statement-breakpoint
-- Fee caps from S21 in docs/sources.md (Tai'an 2015: at most 200 yuan per half day, 300 for senior titles); 2-year term
-- (S21, S-A4, S-A7); a trained host is one trained within 3 years; "term ending soon" means within 60 days.
INSERT INTO `pool_settings` (`id`, `fee_cap_yuan`, `senior_fee_cap_yuan`, `trained_host_years`, `default_term_years`, `term_ending_soon_days`, `version`)
VALUES (1, 200, 300, 3, 2, 60, 1);--> statement-breakpoint
INSERT INTO `pool_vocabulary` (`kind`, `code`, `label`, `active`, `sort_order`, `version`, `created_at`, `updated_at`) VALUES
  ('profession', 'lawyer', '律师', 1, 10, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'social_worker', '社会工作者', 1, 20, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'volunteer', '志愿者', 1, 30, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'psychological_counsellor', '心理咨询师', 1, 40, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'expert_scholar', '专家学者', 1, 50, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'people_mediator', '人民调解员', 1, 60, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'grassroots_legal_worker', '基层法律服务工作者', 1, 70, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('profession', 'other', '其他', 1, 999, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'land_demolition', '土地征收与房屋拆迁', 1, 10, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'labour_social_security', '劳动和社会保障', 1, 20, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'housing', '住房保障与物业', 1, 30, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'urban_construction', '城乡建设', 1, 40, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'rural_affairs', '农村农业', 1, 50, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'environment', '生态环境', 1, 60, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'health', '医疗卫生', 1, 70, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'education', '教育', 1, 80, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'enterprise_restructuring', '企业改制', 1, 90, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'veterans', '退役军人事务', 1, 100, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'law_and_litigation', '涉法涉诉', 1, 110, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('specialty', 'other', '其他', 1, 999, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
