package arsearch;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Real SolrCloud nodes and their ZooKeeper in one JVM, with arsearch's
 * collection (2 shards, each on every node) and a control port on
 * 127.0.0.1 that cluster/local talks to: /stop-node?n=N, /start-node?n=N, /down.
 *
 * Arguments: state-folder first-port nodes collection configset-folder.
 */
public final class LocalCluster {
  private LocalCluster() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.out.println("FAILED " + e);
      System.exit(1);  // the nodes' threads would keep a half-started JVM alive
    }
  }

  private static void run(String[] args) throws Exception {
    Path state = Path.of(args[0]);
    int firstPort = Integer.parseInt(args[1]);
    int nodes = Integer.parseInt(args[2]);
    String collection = args[3];
    Path configset = Path.of(args[4]);
    Path base = Files.createTempDirectory(state, "nodes");

    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster(0, base, MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML,
            JettyConfig.builder().build());
    List<JettySolrRunner> runners = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      JettyConfig config = JettyConfig.builder().setPort(firstPort + n).build();
      runners.add(cluster.startJettySolrRunner("node" + (n + 1), "/solr", config));
    }
    cluster.waitForAllNodes(60);
    cluster.uploadConfigSet(configset, collection);
    // every shard on every node: any one node can answer for the whole collection
    CollectionAdminRequest.createCollection(collection, collection, 2, nodes)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, 2, 2 * nodes);

    CountDownLatch down = new CountDownLatch(1);
    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", firstPort + 100), 0);
    control.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      String answer;
      int status = 200;
      try {
        if (path.equals("/down")) {
          answer = "stopping";
          down.countDown();
        } else if (path.equals("/stop-node") || path.equals("/start-node")) {
          int n = Integer.parseInt(query.replace("n=", "")) - 1;
          JettySolrRunner runner = runners.get(n);
          if (path.equals("/stop-node")) {
            cluster.stopJettySolrRunner(runner);
            cluster.waitForJettyToStop(runner);
            answer = "node " + (n + 1) + " stopped";
          } else {
            cluster.startJettySolrRunner(runner, true);
            cluster.waitForNode(runner, 60);
            cluster.waitForActiveCollection(collection, 2, 2 * nodes);
            answer = "node " + (n + 1) + " started";
          }
        } else {
          status = 404;
          answer = "unknown command " + path;
        }
      } catch (Exception | Error e) {
        status = 500;
        answer = e.toString();
      }
      byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    control.start();
    StringBuilder hosts = new StringBuilder();
    for (int n = 0; n < nodes; n++) {
      hosts.append(n == 0 ? "" : ",").append("127.0.0.1:").append(firstPort + n);
    }
    Files.writeString(state.resolve("url"), "solr://" + hosts + "/" + collection + "\n");
    System.out.println("READY solr://" + hosts + "/" + collection);
    System.out.flush();
    down.await();
    control.stop(0);
    cluster.shutdown();
    System.exit(0);
  }
}
