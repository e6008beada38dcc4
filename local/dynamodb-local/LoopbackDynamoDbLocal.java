import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * AWS's DynamoDB Local as closeloop's local runtime needs it: listening on 127.0.0.1 only (the jar has no option
 * for the address and would listen on every interface), and gone as soon as whoever started it is gone — its
 * standard input is a pipe from the runtime, which closes when the runtime exits, however it exits.
 * Takes DynamoDB Local's own arguments.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) ((ServerConnector) connector).setHost("127.0.0.1");

    Thread orphanWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever sent; end of input means the parent is gone.
        }
      } catch (IOException gone) {
        // The same.
      }
      System.exit(0);
    }, "parent-watch");
    orphanWatch.setDaemon(true);
    orphanWatch.start();

    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1:" + ((ServerConnector) connectors[0]).getLocalPort());
    proxy.join();
  }
}
