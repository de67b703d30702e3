package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.RemoteExecutionControl;
import jdk.jshell.execution.Util;

/**
 * The JShell agent of the child JVM ({@link ChildJvmEngine}): JShell's {@link RemoteExecutionControl} plus what
 * the kernel's cells need from their JVM.
 * <ul>
 *   <li>{@link CellServices} with a sink that prints {@link DisplayLines}, so {@code display(...)}, progress bars
 *       and the live training chart reach the notebook through the child's stdout;</li>
 *   <li>SIGINT interrupts the running snippet's thread (the first step of an interrupt, as in-process);
 *       JShell's own stop over JDI, and ending this JVM, are the kernel's next steps;</li>
 *   <li>extension commands: {@value #RENDER_LAST} returns the last snippet's value rendered
 *       ({@link KernelRenderers}) as {@link DisplayLines#json} text, {@value #NEW_CELL} resets the live chart.</li>
 * </ul>
 * The main method is {@link RemoteExecutionControl#main}'s, with this class as the control and UTF-8 streams
 * (JShell's console forwarding, JDK 22+, is left out: a kernel has no console).
 */
public final class CellAgent extends RemoteExecutionControl {
    static final String RENDER_LAST = "coopt-render-last";
    static final String NEW_CELL = "coopt-new-cell";

    private final Renderer renderer = KernelRenderers.create();
    private final LiveCurves curves;
    private volatile Thread running;
    private volatile Object lastValue;

    private CellAgent() {
        curves = CellServices.install(renderer, DisplayLines.printing(() -> System.out));
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Socket socket = new Socket((String) null, Integer.parseInt(args[0]));
        socket.setTcpNoDelay(true); // a command's reply is several small writes: Nagle held each back ~40-200 ms
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", st -> System.setOut(new PrintStream(st, true, StandardCharsets.UTF_8)));
        outputs.put("err", st -> System.setErr(new PrintStream(st, true, StandardCharsets.UTF_8)));
        Map<String, Consumer<InputStream>> input = new HashMap<>();
        input.put("in", System::setIn);
        CellAgent agent = new CellAgent();
        agent.interruptOnSigint();
        // a kernel killed outright leaves no orphan: this JVM ends with it (threads a cell started may be non-daemon)
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        Util.forwardExecutionControlAndIO(agent, in, out, outputs, input);
    }

    @SuppressWarnings("restriction")
    private void interruptOnSigint() {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
            Thread t = running;
            if (t != null) {
                t.interrupt();
            }
        });
    }

    /** Runs the snippet on this thread (JShell's stop over JDI finds it here) and keeps its value. */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        Thread.interrupted();
        running = Thread.currentThread();
        Object value;
        try {
            value = doitMethod.invoke(null);
        } finally {
            running = null;
            Thread.interrupted(); // an interrupt that came after the snippet ended
            System.out.flush();
            System.err.flush();
        }
        lastValue = value;
        // JShell's value string would be toString() of every value, declarations included; the kernel asks for the
        // values it shows with RENDER_LAST instead
        return value == null ? "null" : VALUE_KEPT;
    }

    /** The value string of a snippet whose non-null value this agent keeps for {@link #RENDER_LAST}. */
    static final String VALUE_KEPT = "coopt-value-kept";

    @Override
    public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException,
            InternalException {
        switch (command) {
            case RENDER_LAST -> {
                Object v = lastValue;
                lastValue = null;
                if (v == null) {
                    return null;
                }
                DisplayData d = v.getClass().isArray() ? new DisplayData(CellModes.arrayText(v)) : renderer.render(v);
                return DisplayLines.json(d);
            }
            case NEW_CELL -> {
                curves.newCell();
                return null;
            }
            default -> {
                return super.extensionCommand(command, arg);
            }
        }
    }
}
