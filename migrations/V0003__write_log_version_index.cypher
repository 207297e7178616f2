// Services bring their in-memory index up to date by reading the writes after their version.
CREATE INDEX write_log_graph_version IF NOT EXISTS FOR (n:WriteLog) ON (n.graphVersion);
