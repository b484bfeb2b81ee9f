import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.*;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.*;

/** A Neo4j Community server for netan's tests: 127.0.0.1, a free port, Bolt auth as neo4j.
 *  Usage: java -cp CLASSPATH NetanNeo4j [DATA_DIR] (default: a temporary folder, deleted on
 *  exit). Password from NETAN_NEO4J_PASSWORD, else generated. Prints one line
 *  "bolt://127.0.0.1:PORT neo4j PASSWORD" once Bolt answers, then runs until its standard
 *  input closes (the parent exited, however it ended) or it is interrupted. */
public final class NetanNeo4j {
    public static void main(String[] args) throws Exception {
        boolean temporary = args.length == 0;
        Path home = temporary ? Files.createTempDirectory("netan-neo4j-") : Path.of(args[0]);
        String password = Optional.ofNullable(System.getenv("NETAN_NEO4J_PASSWORD"))
            .orElse(new java.math.BigInteger(130, new SecureRandom()).toString(32));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, 128L << 20)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // A test server stops when its clients are gone: no need to wait 5 s for stragglers.
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
            .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            if (temporary) deleteTree(home);
        }));
        dbms.database("system").executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        waitForBolt(port);
        System.out.println("bolt://127.0.0.1:" + port + " neo4j " + password);
        System.out.flush();
        while (System.in.read() >= 0) { }  // until the parent closes our stdin (or dies)
        System.exit(0);  // runs the shutdown hook
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) { }
    }

    /** Bolt's handshake: magic 0x6060B017, four version proposals; the server answers 4 bytes. */
    static void waitForBolt(int port) throws InterruptedException {
        for (long end = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < end; ) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17,
                    0, 0, 4, 5, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0});
                if (s.getInputStream().readNBytes(4).length == 4) return;
            } catch (IOException notYet) { Thread.sleep(100); }
        }
        throw new IllegalStateException("Bolt did not answer on port " + port);
    }
}
