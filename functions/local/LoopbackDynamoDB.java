// Starts Amazon DynamoDB Local bound to one address (loopback), which its own
// command line cannot do (it always listens on every interface), and stops it
// when standard input closes, so it never outlives the `tandem serve` that
// started it, however that process ends. Public API of DynamoDB Local and
// Jetty only.
//
// Arguments: HOST PORT DB_PATH CORS_ALLOW_LIST
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

public class LoopbackDynamoDB {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String dbPath = args[2];
        String cors = args[3];
        // (port unused by the handler, in memory: no, db path, shared db: yes, delay statuses: no)
        var requests = new LocalDynamoDBRequestHandler(0, false, dbPath, true, false);
        var handler = new LocalDynamoDBServerHandler(requests, cors);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // DynamoDBProxyServer builds the handler chain; its own Jetty server is never started.
        server.setHandler(new DynamoDBProxyServer(port, handler).setUpHandler(handler));
        server.start();
        System.out.println("DynamoDB Local listening on " + host + ":" + port);

        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) { }
            } catch (java.io.IOException ignored) { }
            try {
                server.stop();
            } catch (Exception ignored) { }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        server.join();
    }
}
