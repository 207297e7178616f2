// One unique-id constraint per entity label of CONTRACT.md section 1 (each also backs
// the id lookups every import and query starts from).
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sector_id IF NOT EXISTS FOR (n:Sector) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT occupation_id IF NOT EXISTS FOR (n:Occupation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partner_id IF NOT EXISTS FOR (n:Partner) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT credential_id IF NOT EXISTS FOR (n:Credential) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT program_id IF NOT EXISTS FOR (n:Program) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entry_point_id IF NOT EXISTS FOR (n:EntryPoint) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT support_id IF NOT EXISTS FOR (n:Support) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT pathway_id IF NOT EXISTS FOR (n:Pathway) REQUIRE n.id IS UNIQUE;
// Nested values modelled as nodes carry a composite key.
CREATE CONSTRAINT wage_threshold_key IF NOT EXISTS FOR (n:WageThreshold) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT requirement_group_key IF NOT EXISTS FOR (n:RequirementGroup) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT outcome_key IF NOT EXISTS FOR (n:Outcome) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT graph_meta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE;
