package org.coopt.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs snippets in the kernel's own JVM (no remote agent, so no second JVM to start or lose) and keeps
 * the real object each snippet returns, so the kernel can render a {@code BufferedImage} or a Tablesaw
 * table instead of JShell's {@code toString()} of it.
 *
 * <p>{@link DirectExecutionControl} hands JShell the value as a string; here {@link #invoke(Method)}
 * stores the object under a fresh key and hands JShell the key instead, which the evaluator exchanges
 * for the object with {@link #takeResult(String)}. Every snippet runs on one long-lived daemon thread
 * ("coopt-snippet") whose context class loader is JShell's snippet class loader, so libraries that look
 * up services through it (DJL's engine discovery) also see jars added with {@code %classpath}.
 * {@link #stop()} (the notebook's interrupt button) interrupts that thread, and if the code ignores the
 * interrupt for {@value #STOP_GRACE_MS} ms, stops it.
 *
 * <p>This is the in-process engine ({@link InProcessEngine}), chosen where {@code Thread.stop} and the exit guard
 * work (JDK 17, see {@link CellJvm}); elsewhere {@link ChildJvmEngine} runs the cells.
 */
final class CapturingExecutionControl extends DirectExecutionControl {

    static final long STOP_GRACE_MS = 2000;
    private static final Object NULL = new Object();

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final SnippetThread runner = new SnippetThread();

    /** The object stored under {@code key} by the last evaluation (null for a null result). */
    Object takeResult(String key) {
        Object value = results.remove(key);
        if (value == null) {
            throw new IllegalStateException("no snippet result under key " + key);
        }
        return value == NULL ? null : value;
    }

    boolean hasResult(String key) {
        return results.containsKey(key);
    }

    /** Drops results nobody took (declarations re-run as a side effect of a redefinition). */
    void clearResults() {
        results.clear();
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = runner.run(doitMethod);
        String key = UUID.randomUUID().toString();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    @Override
    public void stop() {
        runner.stop();
    }

    /**
     * An interrupt that found no snippet running (it came while JShell compiled the next one) stops the next snippet
     * before it starts, until {@link #clearPendingStop()} (a new cell).
     */
    void clearPendingStop() {
        runner.clearPending();
    }

    /** The message of the exception a snippet gets when an interrupt came just before it started. */
    static final String STOPPED_BEFORE_START = "interrupted before the snippet started";

    @Override
    public void close() {
        runner.shutdown();
        super.close();
    }

    private static volatile StackTraceElement[] lastForcedStop;

    /** The stack of the last snippet thread stopped by force, taken just before the stop, or null. */
    static StackTraceElement[] lastForcedStop() {
        return lastForcedStop;
    }

    /** One daemon thread that runs snippet methods one at a time, handing each result back. */
    private static final class SnippetThread {
        private Thread thread;
        private Method task;
        private Object result;
        private Throwable failure;
        private boolean done;
        private boolean closed;
        private boolean pending;

        synchronized void clearPending() {
            pending = false;
        }

        synchronized Object run(Method doitMethod) throws Exception {
            if (closed) {
                throw new IllegalStateException("the kernel is shutting down");
            }
            if (pending) {
                pending = false;
                throw new InvocationTargetException(new InterruptedException(STOPPED_BEFORE_START));
            }
            ensureThread();
            task = doitMethod;
            done = false;
            result = null;
            failure = null;
            thread.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
            notifyAll();
            while (!done) {
                wait();
            }
            if (failure != null) {
                if (failure instanceof Exception e) {
                    throw e;
                }
                throw new InvocationTargetException(failure);
            }
            return result;
        }

        private void ensureThread() {
            if (thread != null && thread.isAlive()) {
                return;
            }
            thread = new Thread(this::loop, "coopt-snippet");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (true) {
                Method m;
                synchronized (this) {
                    while (task == null && !closed) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            // an interrupt that arrived between snippets: nothing to stop
                        }
                    }
                    if (closed) {
                        return;
                    }
                    m = task;
                    task = null;
                }
                Object value = null;
                Throwable thrown = null;
                try {
                    value = m.invoke(null);
                } catch (Throwable t) {
                    thrown = t;
                }
                Thread.interrupted(); // clear an interrupt that came after the snippet ended
                synchronized (this) {
                    result = value;
                    failure = thrown;
                    done = true;
                    notifyAll();
                }
                if (thrown instanceof ThreadDeath) {
                    return; // stopped: the next snippet gets a fresh thread
                }
            }
        }

        /** Interrupts the running snippet; force-stops it if it is still running after the grace time. */
        @SuppressWarnings({"deprecation", "removal"})
        void stop() {
            Thread t;
            synchronized (this) {
                if (done || thread == null) {
                    pending = true; // nothing runs now: stop the next snippet of this cell before it starts
                    return;
                }
                t = thread;
            }
            t.interrupt();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
            synchronized (this) {
                while (!done && System.nanoTime() < deadline) {
                    try {
                        wait(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (done) {
                    return;
                }
            }
            lastForcedStop = t.getStackTrace(); // where the cell was; ThreadDeath's own trace is this thread's
            t.stop(); // Java 17 still honours Thread.stop; the snippet ignored the interrupt
        }

        synchronized void shutdown() {
            closed = true;
            notifyAll();
        }
    }
}
