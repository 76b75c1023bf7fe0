CREATE TABLE `calendar_feed_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_kind` text NOT NULL,
	`owner_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`token_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feed_tokens_hash_uq` ON `calendar_feed_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feed_tokens_owner_idx` ON `calendar_feed_tokens` (`owner_kind`,`owner_id`);--> statement-breakpoint
CREATE TABLE `case_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`team_member_id` integer NOT NULL,
	`method` text NOT NULL,
	`reason` text,
	`assigned_by_user_id` integer,
	`assigned_by_name` text NOT NULL,
	`assigned_at` integer NOT NULL,
	`current` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stage_id`) REFERENCES `matter_stages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `case_teams`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`team_member_id`) REFERENCES `case_team_members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assigned_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_assignments_stage_idx` ON `case_assignments` (`stage_id`,`current`);--> statement-breakpoint
CREATE INDEX `case_assignments_member_idx` ON `case_assignments` (`team_member_id`);--> statement-breakpoint
CREATE TABLE `case_team_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`position` text,
	`role` text NOT NULL,
	`rotation_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `case_teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `case_team_members_team_idx` ON `case_team_members` (`team_id`,`rotation_order`);--> statement-breakpoint
CREATE INDEX `case_team_members_user_idx` ON `case_team_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `case_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`region_id` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`last_rotation_order` integer,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `case_teams_region_idx` ON `case_teams` (`region_id`);--> statement-breakpoint
CREATE TABLE `hearing_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text,
	`details` text,
	`sequence` integer NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `hearing_events_hearing_idx` ON `hearing_events` (`hearing_id`,`at`);--> statement-breakpoint
CREATE TABLE `hearing_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`kind` text NOT NULL,
	`member_id` integer,
	`name` text,
	`organisation` text,
	`position` text,
	`email` text,
	`rank` integer,
	`draw_id` integer,
	`response` text DEFAULT 'pending' NOT NULL,
	`response_reason` text,
	`responded_at` integer,
	`active` integer DEFAULT true NOT NULL,
	`ended_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `hearing_participants_hearing_idx` ON `hearing_participants` (`hearing_id`,`kind`);--> statement-breakpoint
CREATE INDEX `hearing_participants_member_idx` ON `hearing_participants` (`member_id`,`active`);--> statement-breakpoint
CREATE TABLE `hearings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`procedure` text NOT NULL,
	`is_public` integer DEFAULT true NOT NULL,
	`non_public_reason` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`venue_id` integer NOT NULL,
	`host_member_id` integer NOT NULL,
	`recorder_member_id` integer NOT NULL,
	`panel_size` integer NOT NULL,
	`status` text NOT NULL,
	`status_reason` text,
	`ruleset_label` text NOT NULL,
	`ruleset_fingerprint` text NOT NULL,
	`ruleset` text NOT NULL,
	`uid` text NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`notice_served_on` text,
	`created_by_user_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`host_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`recorder_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hearings_uid_uq` ON `hearings` (`uid`);--> statement-breakpoint
CREATE INDEX `hearings_matter_idx` ON `hearings` (`matter_id`);--> statement-breakpoint
CREATE INDEX `hearings_region_idx` ON `hearings` (`region_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `hearings_venue_time_idx` ON `hearings` (`venue_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `hearings_host_time_idx` ON `hearings` (`host_member_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `hearings_recorder_time_idx` ON `hearings` (`recorder_member_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `hearings_time_idx` ON `hearings` (`starts_at`);--> statement-breakpoint
CREATE TABLE `panel_draws` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`round` integer NOT NULL,
	`algorithm_version` text NOT NULL,
	`commitment` text NOT NULL,
	`record` text NOT NULL,
	`reason` text,
	`operator_user_id` integer,
	`operator_name` text NOT NULL,
	`witness_name` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panel_draws_hearing_round_uq` ON `panel_draws` (`hearing_id`,`round`);--> statement-breakpoint
CREATE TABLE `recusal_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_member_id` integer NOT NULL,
	`requested_by` text NOT NULL,
	`reason` text NOT NULL,
	`decision` text,
	`decided_by` text,
	`decision_reason` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `recusal_requests_hearing_idx` ON `recusal_requests` (`hearing_id`);--> statement-breakpoint
CREATE TABLE `venues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`capacity` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `venues_region_idx` ON `venues` (`region_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `venues_region_name_uq` ON `venues` (`region_id`,`name`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text,
	`to_address` text NOT NULL,
	`to_name` text,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text,
	`attachments` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_messages_dedupe_uq` ON `outbox_messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_messages_due_idx` ON `outbox_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_messages_created_idx` ON `outbox_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `matter_agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`petitioner_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`phone` text,
	`power_of_attorney_note` text NOT NULL,
	`power_of_attorney_date` text NOT NULL,
	FOREIGN KEY (`petitioner_id`) REFERENCES `matter_petitioners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `matter_agents_petitioner_idx` ON `matter_agents` (`petitioner_id`,`position`);--> statement-breakpoint
CREATE TABLE `matter_hearing_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`notified_on` text NOT NULL,
	`method` text NOT NULL,
	`notified_by` text NOT NULL,
	`note` text,
	`recorded_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stage_id`) REFERENCES `matter_stages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `matter_hearing_notifications_stage_idx` ON `matter_hearing_notifications` (`stage_id`,`notified_on`);--> statement-breakpoint
CREATE TABLE `matter_hearing_pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`hearing_id` integer,
	`from_on` text NOT NULL,
	`to_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stage_id`) REFERENCES `matter_stages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `matter_hearing_pauses_stage_idx` ON `matter_hearing_pauses` (`stage_id`);--> statement-breakpoint
CREATE INDEX `matter_hearing_pauses_hearing_idx` ON `matter_hearing_pauses` (`matter_id`,`hearing_id`);--> statement-breakpoint
CREATE TABLE `matter_petitioners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`mobile` text,
	`address` text,
	`home_village_region_id` integer,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`home_village_region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `matter_petitioners_matter_idx` ON `matter_petitioners` (`matter_id`,`position`);--> statement-breakpoint
CREATE INDEX `matter_petitioners_id_number_idx` ON `matter_petitioners` (`id_number`);--> statement-breakpoint
CREATE TABLE `matter_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`stage` text NOT NULL,
	`accepting_body` text NOT NULL,
	`accepted_on` text NOT NULL,
	`limit_days` integer NOT NULL,
	`day_unit` text NOT NULL,
	`exclude_hearing_time` integer NOT NULL,
	`extension_max_days` integer NOT NULL,
	`extension_unit` text NOT NULL,
	`ruleset_label` text NOT NULL,
	`base_due_on` text NOT NULL,
	`due_on` text NOT NULL,
	`paused_days` integer DEFAULT 0 NOT NULL,
	`deadline_warnings` text DEFAULT '[]' NOT NULL,
	`extension_days` integer,
	`extension_approved_by` text,
	`extension_reason` text,
	`extension_on` text,
	`decided_on` text,
	`decision_summary` text,
	`answered_without_notice` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matter_stages_matter_stage_uq` ON `matter_stages` (`matter_id`,`stage`);--> statement-breakpoint
CREATE INDEX `matter_stages_open_due_idx` ON `matter_stages` (`decided_on`,`due_on`);--> statement-breakpoint
CREATE INDEX `matter_stages_without_notice_idx` ON `matter_stages` (`answered_without_notice`);--> statement-breakpoint
CREATE TABLE `matters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`specialty_term_id` integer,
	`region_id` integer NOT NULL,
	`petitioner_kind` text NOT NULL,
	`group_name` text,
	`group_size` integer,
	`respondent_organisation_id` integer NOT NULL,
	`involves_privacy` integer DEFAULT false NOT NULL,
	`involves_state_secret` integer DEFAULT false NOT NULL,
	`involves_commercial_secret` integer DEFAULT false NOT NULL,
	`in_litigation` integer DEFAULT false NOT NULL,
	`in_arbitration` integer DEFAULT false NOT NULL,
	`in_administrative_reconsideration` integer DEFAULT false NOT NULL,
	`third_party_situations` text DEFAULT '[]' NOT NULL,
	`created_by_user_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`specialty_term_id`) REFERENCES `pool_vocabulary`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`respondent_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matters_number_uq` ON `matters` (`number`);--> statement-breakpoint
CREATE INDEX `matters_region_idx` ON `matters` (`region_id`);--> statement-breakpoint
CREATE INDEX `matters_respondent_idx` ON `matters` (`respondent_organisation_id`);--> statement-breakpoint
CREATE TABLE `app_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
