package org.coopt.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point Jupyter runs: {@code java -cp ... org.coopt.kernel.KernelMain CONNECTION_FILE}.
 *
 * <p>Start-up does only what the handshake needs (read the connection file, bind the sockets) and
 * nothing in the background; the JShell session starts with the first request that needs it and the
 * DJL engine only when a cell uses it.
 */
public final class KernelMain {

    /**
     * The root java.util.logging logger, held so its level sticks: the base kernel's socket loops
     * ("Loop-shell", ...) log every start and stop at INFO on the kernel's stderr.
     */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp ... org.coopt.kernel.KernelMain CONNECTION_FILE (Jupyter passes it)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("coopt kernel: cannot read the connection file " + file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ROOT_LOG.setLevel(Level.WARNING);
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        JupyterConnection connection = new JupyterConnection(props);
        exitWithParent(System.getenv("JPY_PARENT_PID"));
        CoOptKernel kernel = new CoOptKernel(KernelSettings.fromEnvironment());
        kernel.becomeHandlerForConnection(connection);
        connection.setHandler(io.github.spencerpark.jupyter.messages.request.HistoryRequest.MESSAGE_TYPE,
                kernel.historyHandler());
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    /**
     * Exits when the Jupyter process that started the kernel ({@code JPY_PARENT_PID}) is gone, so a
     * killed {@code nbconvert} or notebook server leaves no orphan JVM behind. Without the variable (a
     * kernel started by hand) nothing is watched.
     */
    static void exitWithParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(parentPid.trim());
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("coopt kernel: the Jupyter process " + pid + " is gone; exiting");
            System.exit(0);
        }));
    }
}
