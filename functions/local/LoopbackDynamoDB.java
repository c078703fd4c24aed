// Starts Amazon DynamoDB Local bound to one address (loopback), which its own
// command line cannot do (it always listens on every interface), behind a
// guard, and stops it when standard input closes, so it never outlives the
// `tandem serve` that started it, however that process ends. Public API of
// DynamoDB Local and Jetty only.
//
// Arguments: HOST PORT DB_PATH CORS_ALLOW_LIST
// Standard input: the access key id the guard accepts (first line), then
// nothing until the parent ends.
//
// The guard answers 403 to a request whose Host header is not this address
// and port (a DNS-rebinding page sends its own host name) or whose SigV4
// credential does not name the data folder's access key id (DynamoDB Local
// itself accepts any credentials).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

public class LoopbackDynamoDB {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String dbPath = args[2];
        String cors = args[3];
        BufferedReader parent = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String accessKey = parent.readLine();
        if (accessKey == null || accessKey.isBlank()) {
            System.err.println("no access key on standard input");
            System.exit(2);
        }
        // (port unused by the handler, in memory: no, db path, shared db: yes, delay statuses: no)
        var requests = new LocalDynamoDBRequestHandler(0, false, dbPath, true, false);
        var handler = new LocalDynamoDBServerHandler(requests, cors);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // DynamoDBProxyServer builds the handler chain; its own Jetty server is never started.
        Handler engine = new DynamoDBProxyServer(port, handler).setUpHandler(handler);
        server.setHandler(new Guard(engine, Set.of(host + ":" + port, "localhost:" + port),
                                    accessKey.strip()));
        server.start();
        System.out.println("DynamoDB Local listening on " + host + ":" + port);

        Thread watchdog = new Thread(() -> {
            try {
                while (parent.read() != -1) { }
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

    static final class Guard extends Handler.Wrapper {
        private final Set<String> hosts;
        private final byte[] accessKey;

        Guard(Handler engine, Set<String> hosts, String accessKey) {
            super(engine);
            this.hosts = hosts;
            this.accessKey = accessKey.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback)
                throws Exception {
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
                return refuse(response, callback, "this store answers only to its loopback address");
            }
            if (!MessageDigest.isEqual(credential(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                                       accessKey)) {
                return refuse(response, callback, "unknown credentials for this store");
            }
            return super.handle(request, response, callback);
        }

        // The access key id in "AWS4-HMAC-SHA256 Credential=KEY/date/region/service/aws4_request, ..."
        private static byte[] credential(String authorization) {
            if (authorization == null) {
                return new byte[0];
            }
            int at = authorization.indexOf("Credential=");
            if (at < 0) {
                return new byte[0];
            }
            int from = at + "Credential=".length();
            int to = authorization.indexOf('/', from);
            return authorization.substring(from, to < 0 ? from : to).getBytes(StandardCharsets.US_ASCII);
        }

        private static boolean refuse(Response response, Callback callback, String why) {
            byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#AccessDeniedException\","
                           + "\"message\":\"" + why + "\"}").getBytes(StandardCharsets.US_ASCII);
            response.setStatus(403);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
