-- A store written by briefing at schema version 2 (before feed health and give-up
-- reasons), for the migration test. Made with the v2 code's Store API.
BEGIN TRANSACTION;
CREATE TABLE articles (
	id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	title TEXT, 
	text TEXT NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	publisher TEXT, 
	author TEXT, 
	url TEXT, 
	published DATETIME, 
	first_seen DATETIME NOT NULL, 
	source TEXT NOT NULL, 
	minhash BLOB, 
	shingles INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (content_hash)
);
INSERT INTO "articles" VALUES(1,'812133ca1b430659f3de2b928b151ffe4f87365e9cde77c68aad91432c3bbad5','A','Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. Harbour wall. ','html',NULL,NULL,NULL,NULL,'2026-12-01 21:52:54.253588','OK News',X'1E3577677BF10E0E2F9C853AD8DE397C82DA474D0B865449C45D49CDA8980109DA5D04A88D3A619087D40D87E10FF77E698C18722CA08D970EDE50287492C6755603A184A124FC9CE973BF8E77633C080EBF5A688D5532299CEA4D2BAF65D51EC2962B285B146B020AF81F289EDADC2D9DCDDE138A91E990E28D7E004C3E1A5116841F217B50805F0795400B7A6E849DB80C65AE4599C2733BA1ED1626BD4E1D5A84C98283BFC44DC228B12E2F54901C2D75E4D547C63D1806B83CCF1B1F702F68D0748F249AEA290A98A946354F3377AD8A2B6AEE5E308C2D1809A50085BA0518B6B623D02F6E6756F149842A586D727F006FD7B59D9D139DBD74743FD2BE4F2DDEE0C5BD350963A6D5357F0D1061025104CB7397ECCAA8841A0A64D13DB845DD24102350BE6A11495D975808501D2E5042B8B22B61DB505410A6142C825787D070450B6793BD509603FB3C4DB4AA336E78650EB172B6B93C965E1997A072257E60FD51D8D669303999141AAA8280FB1CE213742A5B6B3938B33D58DB7CF49C0DE7167E180DFBA9CDF0F200B2EBE31B06AB0E9D09450648EB277940F51B06878DF0EDA5C14FBC6B124B176495CDD9720800C8CF506E4716D55ADE64E3B59D30BB453A1712384378031B730B9A9A7971AFD61CCA95270BBF9A55EF35CC33D8B5C3D23B8C1F693D16EE7F6643E36D43277E481226F96B15BD0BFC795008960713',2);
CREATE TABLE briefing_schema (
	"key" VARCHAR(64) NOT NULL, 
	value VARCHAR(64) NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "briefing_schema" VALUES('version','2');
CREATE TABLE deliveries (
	id INTEGER NOT NULL, 
	edition_id INTEGER NOT NULL, 
	target VARCHAR(300) NOT NULL, 
	message_id VARCHAR(200) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	last_attempt_at DATETIME, 
	next_attempt_at DATETIME, 
	sent_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (edition_id, target), 
	FOREIGN KEY(edition_id) REFERENCES editions (id), 
	UNIQUE (message_id)
);
CREATE TABLE editions (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	folder VARCHAR(1024) NOT NULL, 
	date VARCHAR(10) NOT NULL, 
	built_at DATETIME NOT NULL, 
	run_id INTEGER, 
	files TEXT NOT NULL, 
	parcel TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (folder), 
	FOREIGN KEY(run_id) REFERENCES runs (id)
);
CREATE TABLE entries (
	id INTEGER NOT NULL, 
	canonical_url VARCHAR(2048) NOT NULL, 
	url TEXT NOT NULL, 
	source TEXT NOT NULL, 
	first_seen DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	title TEXT, 
	author TEXT, 
	published DATETIME, 
	publisher TEXT, 
	article_id INTEGER, 
	relation VARCHAR(16), 
	PRIMARY KEY (id), 
	UNIQUE (canonical_url), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
);
INSERT INTO "entries" VALUES(1,'https://ok.test/a','https://ok.test/a','OK News','2026-12-01 21:52:54.253588','done',0,NULL,'A',NULL,NULL,NULL,1,'original');
INSERT INTO "entries" VALUES(2,'https://ok.test/b','https://ok.test/b','OK News','2026-12-01 21:52:54.253588','pending',1,'https://ok.test/b: timed out','B',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "entries" VALUES(3,'https://ok.test/c','https://ok.test/c','OK News','2026-12-01 21:52:54.253588','failed',1,'https://ok.test/c: 9000000 bytes is over the 5000000-byte limit','C',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE feeds (
	url VARCHAR(2048) NOT NULL, 
	source TEXT NOT NULL, 
	etag TEXT, 
	last_modified TEXT, 
	last_polled DATETIME, 
	last_success DATETIME, 
	last_error TEXT, 
	last_error_at DATETIME, 
	gone BOOLEAN NOT NULL, 
	PRIMARY KEY (url)
);
INSERT INTO "feeds" VALUES('https://ok.test/rss','OK News','"e1"',NULL,'2026-12-01 21:52:54.253588','2026-12-01 21:52:54.253588',NULL,NULL,0);
INSERT INTO "feeds" VALUES('https://down.test/rss','Down News',NULL,NULL,'2026-12-01 21:52:54.293666',NULL,'https://down.test/rss: HTTP 503 Service Unavailable','2026-12-01 21:52:54.293666',0);
CREATE TABLE run_articles (
	run_id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	PRIMARY KEY (run_id, article_id), 
	FOREIGN KEY(run_id) REFERENCES runs (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
);
CREATE TABLE run_stories (
	run_id INTEGER NOT NULL, 
	story_id VARCHAR(200) NOT NULL, 
	headline TEXT NOT NULL, 
	article_ids TEXT NOT NULL, 
	shown TEXT NOT NULL, 
	PRIMARY KEY (run_id, story_id), 
	FOREIGN KEY(run_id) REFERENCES runs (id)
);
CREATE TABLE runs (
	id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	date VARCHAR(10) NOT NULL, 
	since DATETIME, 
	status VARCHAR(16) NOT NULL, 
	error TEXT, 
	files TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_articles_first_seen ON articles (first_seen);
CREATE INDEX ix_runs_status ON runs (status);
CREATE INDEX ix_runs_started_at ON runs (started_at);
CREATE INDEX ix_entries_article_id ON entries (article_id);
CREATE INDEX ix_entries_status ON entries (status);
CREATE INDEX ix_run_articles_article_id ON run_articles (article_id);
CREATE INDEX ix_editions_name ON editions (name);
CREATE INDEX ix_deliveries_edition_id ON deliveries (edition_id);
CREATE INDEX ix_deliveries_status ON deliveries (status);
COMMIT;
