CREATE TABLE `pool_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`token` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `pool_revision` (`id`, `token`) VALUES (1, lower(hex(randomblob(8))));
--> statement-breakpoint
CREATE TRIGGER `members_insert_pool_revision` AFTER INSERT ON `members` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `members_update_pool_revision` AFTER UPDATE ON `members` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `members_delete_pool_revision` AFTER DELETE ON `members` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_employers_insert_pool_revision` AFTER INSERT ON `member_employers` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_employers_update_pool_revision` AFTER UPDATE ON `member_employers` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_employers_delete_pool_revision` AFTER DELETE ON `member_employers` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_relatives_insert_pool_revision` AFTER INSERT ON `member_relatives` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_relatives_update_pool_revision` AFTER UPDATE ON `member_relatives` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_relatives_delete_pool_revision` AFTER DELETE ON `member_relatives` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_vocabulary_insert_pool_revision` AFTER INSERT ON `member_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_vocabulary_update_pool_revision` AFTER UPDATE ON `member_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `member_vocabulary_delete_pool_revision` AFTER DELETE ON `member_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pool_vocabulary_insert_pool_revision` AFTER INSERT ON `pool_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pool_vocabulary_update_pool_revision` AFTER UPDATE ON `pool_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pool_vocabulary_delete_pool_revision` AFTER DELETE ON `pool_vocabulary` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `regions_insert_pool_revision` AFTER INSERT ON `regions` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `regions_update_pool_revision` AFTER UPDATE ON `regions` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `regions_delete_pool_revision` AFTER DELETE ON `regions` BEGIN UPDATE `pool_revision` SET `token` = lower(hex(randomblob(8))) WHERE `id` = 1; END;
