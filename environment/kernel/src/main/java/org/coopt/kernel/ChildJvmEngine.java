package org.coopt.kernel;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.execution.JdiExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Snippets in a child JVM, started by JShell's JDI execution with {@link CellAgent} as the agent, this JVM's
 * classpath and JVM options (heap, {@code -D} settings such as {@code ai.djl.offline}) and, inherited, its
 * environment (the native settings of {@code native.env}).
 *
 * <p>An interrupt goes in two steps, the second only when the first left the snippet running after
 * {@value #GRACE_MS} ms: SIGINT to the child (the agent interrupts the snippet's thread, so the workbench's loops
 * stop at the next batch as in-process), then JShell's stop over JDI (a {@code ThreadDeath} thrown into the thread;
 * JDWP still does this where {@code Thread.stop} no longer does). A second interrupt while that stop is pending ends
 * the child JVM ({@link Control#stopInSteps}). A child that ends (that, or {@code System.exit} in a cell) closes the
 * JShell session; {@link SnippetEvaluator} then starts a new one
 * with the next cell and says what was lost.
 *
 * <p>Values come back rendered, not as objects: the agent renders the last value with {@link KernelRenderers} and
 * the kernel receives its display data ({@link CellAgent#RENDER_LAST}).
 */
final class ChildJvmEngine implements CellEngine {
    static final long GRACE_MS = 2000;
    /** How long JShell waits for the child JVM to connect (a loaded machine starts a JVM slowly). */
    static final int CONNECT_TIMEOUT_MS = 120_000;

    private final DisplaySink sink;
    /**
     * Marks this engine's child JVMs on their command line, first (Linux cuts a long command line short in
     * {@code ProcessHandle.Info}, and the classpath is long), so an interrupt finds the child to signal or end.
     */
    private final String tag = "-Dcoopt.kernel.cells.of=" + java.util.UUID.randomUUID();
    private volatile Control control;

    /** @param sink where the child's displays go (Jupyter's display channel) */
    ChildJvmEngine(DisplaySink sink) {
        this.sink = sink;
    }

    @Override
    public void configure(JShell.Builder builder) {
        builder.executionEngine(new Provider(), Map.of())
                .out(new PrintStream(new RelayedOutput(() -> System.out, sink), false, StandardCharsets.UTF_8))
                .err(new PrintStream(new RelayedOutput(() -> System.err, sink), false, StandardCharsets.UTF_8))
                .remoteVMOptions(childOptions(tag).toArray(String[]::new));
    }

    /** The child's JVM options: this JVM's classpath and options, without debugging or instrumentation agents. */
    static List<String> childOptions(String tag) {
        List<String> options = new ArrayList<>();
        options.add(tag);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-agentlib") || a.startsWith("-agentpath") || a.startsWith("-javaagent")
                    || a.startsWith("-Xrunjdwp") || a.startsWith("-Djava.security.manager")) {
                continue;
            }
            options.add(a);
        }
        options.add("-cp");
        options.add(System.getProperty("java.class.path"));
        return options;
    }

    @Override
    public Object value(String valueString, boolean wanted) {
        Control c = control;
        if (!wanted || c == null || valueString == null) {
            return null;
        }
        try {
            Object json = c.extensionCommand(CellAgent.RENDER_LAST, null);
            return json == null ? null : DisplayLines.fromJson((String) json);
        } catch (ExecutionControl.ExecutionControlException e) {
            return null; // the child is gone; the evaluator reports that
        }
    }

    @Override
    public void afterSnippet() {
        // the agent forgets the last value when the next snippet runs
    }

    @Override
    public void newCell() {
        Control c = control;
        if (c != null) {
            try {
                c.extensionCommand(CellAgent.NEW_CELL, null);
            } catch (ExecutionControl.ExecutionControlException e) {
                // the child is gone; the next cell starts a new one
            }
        }
    }

    @Override
    public void stop() {
        Control c = control;
        if (c != null) {
            c.stopInSteps();
        }
    }

    @Override
    public void clearPendingStop() {
        // the evaluator's own flag stops the rest of a cell interrupted between snippets
    }

    @Override
    public boolean takeSilentStop() {
        Control c = control;
        return c != null && c.takeSilentStop();
    }

    @Override
    public boolean endedByInterrupt() {
        Control c = control;
        return c != null && c.killed;
    }

    @Override
    public String describe() {
        return "child JVM";
    }

    /** Generates JShell's JDI control with {@link CellAgent} and keeps it wrapped in a {@link Control}. */
    private final class Provider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "coopt-child-jvm";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
            Map<String, String> p = new HashMap<>(parameters);
            p.put("remoteAgent", CellAgent.class.getName());
            p.put("timeout", Integer.toString(CONNECT_TIMEOUT_MS));
            Control c = new Control(new JdiExecutionControlProvider().generate(env, p), tag);
            control = c;
            return c;
        }
    }

    /** JShell's control for one child JVM, with the interrupt steps and a record of whether a snippet runs. */
    private static final class Control implements ExecutionControl {
        private final ExecutionControl jdi;
        private final String tag;
        private boolean running;
        private volatile boolean silentStop;
        volatile boolean killed;
        /** Whether this invocation was already sent JShell's stop (a further interrupt then ends the child). */
        private boolean stopSent;

        Control(ExecutionControl jdi, String tag) {
            this.jdi = jdi;
            this.tag = tag;
        }

        @Override
        public String invoke(String className, String methodName) throws RunException, EngineTerminationException,
                InternalException {
            synchronized (this) {
                running = true;
                silentStop = false;
                stopSent = false;
            }
            try {
                return jdi.invoke(className, methodName);
            } finally {
                synchronized (this) {
                    running = false;
                    notifyAll();
                }
            }
        }

        boolean takeSilentStop() {
            boolean s = silentStop;
            silentStop = false;
            return s;
        }

        /**
         * One interrupt: SIGINT (the cell's thread is interrupted), then, if the cell still runs after the grace time,
         * JShell's stop over JDI, which ends any Java code but reaches a thread inside a native call (a long forward
         * pass) only when that call returns, so the session is kept however long that takes. Only a second interrupt
         * while that stop is pending ends the child JVM (and the session's state): whether a cell survives an
         * interrupt never depends on the machine's speed. <b>(decision)</b>
         */
        void stopInSteps() {
            boolean again;
            synchronized (this) {
                if (!running) {
                    return;
                }
                again = stopSent;
            }
            Optional<ProcessHandle> child = childProcess(tag);
            if (again) {
                killed = true;
                child.ifPresent(ProcessHandle::destroyForcibly);
                return;
            }
            child.ifPresent(ChildJvmEngine::sigint);
            if (endsWithin(GRACE_MS)) {
                return;
            }
            try {
                synchronized (this) {
                    stopSent = true;
                }
                silentStop = true;
                jdi.stop();
            } catch (ExecutionControlException e) {
                killed = true; // JDI could not deliver the stop: the child is ended instead
                child.ifPresent(ProcessHandle::destroyForcibly);
            }
        }

        private synchronized boolean endsWithin(long ms) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return true;
        }

        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
                EngineTerminationException {
            jdi.load(cbcs);
        }

        @Override
        public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
                EngineTerminationException {
            jdi.redefine(cbcs);
        }

        @Override
        public String varValue(String className, String varName) throws RunException, EngineTerminationException,
                InternalException {
            return jdi.varValue(className, varName);
        }

        @Override
        public void addToClasspath(String path) throws EngineTerminationException, InternalException {
            jdi.addToClasspath(path);
        }

        @Override
        public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException,
                InternalException {
            return jdi.extensionCommand(command, arg);
        }

        @Override
        public void stop() throws EngineTerminationException, InternalException {
            jdi.stop();
        }

        @Override
        public void close() {
            jdi.close();
        }
    }

    /** The live child JVM whose command line carries {@code tag} (a child process of this one), if any. */
    static Optional<ProcessHandle> childProcess(String tag) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(tag)).orElse(false)
                        || h.info().arguments().map(a -> List.of(a).contains(tag)).orElse(false))
                .findFirst();
    }

    private static void sigint(ProcessHandle h) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(h.pid())).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            // no kill command: JShell's stop is the next step
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
