// Indexes the route, gap and search queries start from.
CREATE INDEX occupation_soc IF NOT EXISTS FOR (n:Occupation) ON (n.soc);
CREATE INDEX occupation_onet_soc IF NOT EXISTS FOR (n:Occupation) ON (n.onetSoc);
CREATE INDEX credential_ctid IF NOT EXISTS FOR (n:Credential) ON (n.ctid);
CREATE INDEX credential_type IF NOT EXISTS FOR (n:Credential) ON (n.type);
CREATE INDEX partner_kind IF NOT EXISTS FOR (n:Partner) ON (n.kind);
CREATE INDEX support_kind IF NOT EXISTS FOR (n:Support) ON (n.kind);
CREATE INDEX sector_in_demand IF NOT EXISTS FOR (n:Sector) ON (n.inDemand);
CREATE INDEX wage_threshold_region_household IF NOT EXISTS FOR (n:WageThreshold) ON (n.regionId, n.household);
// Wage rows are relationships Occupation -[:EARNS_IN]-> Region.
CREATE INDEX earns_in_median IF NOT EXISTS FOR ()-[r:EARNS_IN]-() ON (r.medianAnnual);
// Name and code search across every kind a person looks for.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
  FOR (n:Region|Sector|Occupation|Partner|Credential|Program|EntryPoint|Support|Pathway)
  ON EACH [n.name, n.title, n.soc, n.onetSoc, n.id];
