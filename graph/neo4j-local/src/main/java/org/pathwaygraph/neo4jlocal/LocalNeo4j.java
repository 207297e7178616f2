/*
 * Pathway Graph local Neo4j launcher.
 * Copyright (C) 2026 The Pathway Graph authors.
 *
 * This program is free software: you can redistribute it and/or modify it under the terms
 * of the GNU General Public License as published by the Free Software Foundation, either
 * version 3 of the License, or (at your option) any later version. It links Neo4j
 * Community Edition (GPLv3). See NOTICE.md beside pom.xml.
 */
package org.pathwaygraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j embedded with only its Bolt connector, bound to loopback, with auth on.
 *
 * Arguments: none. Environment: NEO4J_LOCAL_HOME (store directory, required),
 * NEO4J_LOCAL_PORT (default 7687), NEO4J_LOCAL_PASSWORD (required; applied to the
 * built-in "neo4j" user on every start), NEO4J_LOCAL_PAGECACHE (default 512m).
 * Prints "READY <port>" once Bolt listens; stops cleanly on SIGTERM.
 */
public final class LocalNeo4j {
  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    String home = require("NEO4J_LOCAL_HOME");
    String password = require("NEO4J_LOCAL_PASSWORD");
    int port = Integer.parseInt(env("NEO4J_LOCAL_PORT", "7687"));
    String pageCache = env("NEO4J_LOCAL_PAGECACHE", "512m");

    Path homeDir = Path.of(home).toAbsolutePath();
    Files.createDirectories(homeDir);

    long pageCacheBytes = SettingValueParsers.BYTES.parse(pageCache);

    // A new store's "neo4j" user starts with the well-known default password. Set ours with
    // Bolt still off, so no client can ever reach the store with the default one.
    if (!Files.exists(homeDir.resolve("data"))) {
      DatabaseManagementService first = build(homeDir, pageCacheBytes, false, port);
      setPassword(first, password);
      first.shutdown();
    }

    DatabaseManagementService dbms = build(homeDir, pageCacheBytes, true, port);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("STOPPING");
      dbms.shutdown();
      stopped.countDown();
    }, "neo4j-local-shutdown"));

    setPassword(dbms, password);
    System.out.println("READY " + port);
    System.out.flush();
    stopped.await();
  }

  private static DatabaseManagementService build(Path homeDir, long pageCacheBytes, boolean bolt, int port) {
    return new DatabaseManagementServiceBuilder(homeDir)
        .setConfig(BoltConnector.enabled, bolt)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
        // Transaction logs are kept small: this is a developer / CI store, not a backup source.
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
        .build();
  }

  /** Embedded transactions run with full privileges, so the admin user's password is set here. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database("system").executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    } catch (RuntimeException e) {
      // Setting the password it already has is refused; anything else is fatal.
      String message = String.valueOf(e.getMessage());
      if (!message.contains("same")) {
        throw e;
      }
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println("neo4j-local: environment variable " + name + " is required");
      System.exit(2);
    }
    return value;
  }
}
