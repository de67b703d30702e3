package org.coopt.workbench.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.coopt.workbench.util.Log;

/**
 * The one place where the workbench touches DJL's global engine set-up.
 *
 * <p>The workbench never downloads anything at run time: {@link #get()} switches DJL to offline
 * mode ({@code ai.djl.offline=true}) before the engine loads, so the PyTorch natives must come from
 * the {@code pytorch-native-*} jar on the classpath (CPU by default, CUDA with the Maven profile
 * {@code gpu}). The device is chosen automatically: the first GPU if DJL sees one, else the CPU, so
 * the same code runs unchanged on a GPU machine. Set {@code -Dcoopt.device=cpu} to force the CPU.
 *
 * <p><b>(decision)</b> oneDNN (PyTorch's {@code mkldnn} backend) is switched off when the engine loads, as
 * {@code torch.backends.mkldnn.enabled = False} does in Python; {@code -Dcoopt.mkldnn=true} keeps it. On this
 * workbench's AMD EPYC (AVX-512) machines the oneDNN convolutions inside libtorch 2.5.1 return NaN gradients from
 * finite inputs: a 3×3 conv of 4 channels on 8×4×4×4 standard-normal inputs gave NaN gradients in 161 of 200
 * backward passes with oneDNN's full instruction set, 1 of 200 with it capped at AVX2, 0 of 200 without oneDNN
 * ({@code FiniteGradientsTest}); a tiny student ({@code StudentTrainingTest}) diverged to NaN in most runs. Without
 * oneDNN, convolutions run on ATen's own kernels. (An early measurement found those faster: 20 forward and backward
 * passes of ConvNet-3-GAP w32 on 128 images, 3.4–4.5 s against 5.1 s with oneDNN, load ≈ 3.7; it was dominated by
 * page faults of glibc's default malloc, {@code environment/native.env}. With that fixed, oneDNN's backward is the
 * faster one: the bench's student step, ConvNet-3 w64 on 256 images, ran at 460–590 images/s with ATen's backward
 * and 816–825 with oneDNN's.)
 * Forward passes with oneDNN are correct and much faster, so forward-only extraction opens an {@link #inference()}
 * scope that switches oneDNN on while it lasts, and every training step a {@link #trainingStep()} scope that keeps
 * it off except for the step's forward pass ({@link #trainingForward()}): the backward kernels are chosen again at
 * backward time, with oneDNN off, so a training step gets oneDNN's forward speed and ATen's correct gradients. The
 * NaN gradients come from shapes whose channels do not fill oneDNN's blocks; for networks without such convolutions
 * ({@link OneDnnBackward}) the backward pass runs on oneDNN too ({@link #trainingBackward}).
 * libtorch offers no C API for the switch, so {@link #get()} calls
 * {@code at::globalContext().setUserEnabledMkldnn} in the loaded {@code libtorch_cpu} through JNA (which DJL already
 * uses), on Linux; elsewhere it warns once.
 */
public final class Engines {

    private Engines() {}

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // DJL's default inter-op pool is as large as the machine; one is enough for our batch work.
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** The PyTorch engine, loaded offline. Fails with one clear message when the natives are missing. */
    public static Engine get() {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "DJL's PyTorch engine did not load offline (" + e.getMessage() + "); rebuild with "
                            + "'./coopt build' so pytorch-native-cpu is on the classpath", e);
        }
        if (!mkldnnChecked) {
            configureMkldnn();
        }
        if (!GRAD_OFF_HERE.get()) {
            // as DJL does on the thread that loads the engine: gradients are recorded only inside a GradientCollector
            GRAD_OFF_HERE.set(true);
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
        return engine;
    }

    /**
     * Whether this thread's grad mode was switched off by {@link #get()}. PyTorch's grad mode is per thread and on by
     * default; DJL switches it off only on the thread that loads the engine, so the first {@link #get()} on every other
     * thread (a worker, a notebook cell's new thread after an interrupt) does the same.
     */
    private static final ThreadLocal<Boolean> GRAD_OFF_HERE = ThreadLocal.withInitial(() -> false);

    private static volatile boolean mkldnnChecked;
    private static volatile Boolean mkldnnEnabled;
    private static volatile com.sun.jna.Function setMkldnn;
    private static volatile com.sun.jna.Pointer context;
    private static volatile boolean keepMkldnn;

    /** Whether PyTorch's oneDNN backend is enabled in this process now (null if it could not be read). */
    public static Boolean mkldnnEnabled() {
        get();
        return mkldnnEnabled;
    }

    private static synchronized void configureMkldnn() {
        if (mkldnnChecked) {
            return;
        }
        try {
            configureMkldnnOnce();
        } finally {
            mkldnnChecked = true; // only now: a concurrent get() waits on this method until oneDNN is off
        }
    }

    private static void configureMkldnnOnce() {
        keepMkldnn = Boolean.getBoolean("coopt.mkldnn");
        String untuned = untunedMalloc(System.getenv());
        if (untuned != null) {
            Log.warn("[engine] note: this JVM started without " + untuned + " (environment/native.env): glibc malloc "
                    + "returns every large tensor to the kernel, so training steps run 3-5x slower; start it through "
                    + "./coopt or the coopt-java kernel, or export the settings of environment/native.env first");
        }
        try {
            java.nio.file.Path lib = loadedLibrary("libtorch_cpu");
            if (lib == null) {
                throw new IllegalStateException("libtorch_cpu is not among the loaded libraries");
            }
            com.sun.jna.NativeLibrary torch = com.sun.jna.NativeLibrary.getInstance(lib.toString());
            context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            setMkldnn = torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb");
            if (!keepMkldnn) {
                setMkldnn(false);
            }
            int on = torch.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context}) & 0xff;
            mkldnnEnabled = on != 0;
        } catch (RuntimeException | UnsatisfiedLinkError | java.io.IOException e) {
            setMkldnn = null;
            Log.warn("[engine] warning: could not switch PyTorch's oneDNN backend off (" + e.getMessage()
                    + "); on AVX-512 AMD CPUs its convolutions can return NaN gradients");
        }
    }

    /**
     * The glibc malloc settings of {@code environment/native.env} (one arena, no mmap, no trimming: freed activations
     * stay in the heap for the next step instead of being page-faulted in again), which glibc reads only when the
     * process starts, so launchers set them; a JVM started otherwise still works, slower.
     */
    public static final java.util.List<String> MALLOC_SETTINGS = java.util.List.of(
            "MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_");

    /** The malloc settings missing (or empty, as ./coopt treats them) from {@code env}, comma-separated, or null. */
    static String untunedMalloc(java.util.Map<String, String> env) {
        String missing = String.join(", ", MALLOC_SETTINGS.stream()
                .filter(k -> env.get(k) == null || env.get(k).isEmpty()).toList());
        return missing.isEmpty() ? null : missing;
    }

    private static void setMkldnn(boolean on) {
        setMkldnn.invokeVoid(new Object[] {context, (byte) (on ? 1 : 0)});
        mkldnnEnabled = on;
    }

    /**
     * PyTorch's intra-op thread count on this thread ({@code torch.get_num_threads()}): with libtorch's OpenMP
     * backend it is the calling thread's own OpenMP setting, so two threads can run with different counts.
     */
    public static int intraOpThreads() {
        get();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    /**
     * A scope in which this thread's PyTorch ops use {@code n} intra-op threads ({@code torch.set_num_threads}),
     * restored to this thread's previous count on close. libtorch's OpenMP backend keeps the count per thread, and
     * also remembers the last value set anywhere as the count of threads that start PyTorch work later; code that
     * changes counts on several threads ends by {@link #setIntraOpThreads} with the count later threads should get
     * ({@link org.coopt.workbench.coopt.Simulation} does, after its parallel participants).
     */
    public static Scope intraOpThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + n);
        }
        int before = intraOpThreads();
        setIntraOpThreads(n);
        return () -> ai.djl.pytorch.jni.JniUtils.setNumThreads(before);
    }

    /**
     * Sets this thread's intra-op thread count and the count that threads starting PyTorch work later inherit. After
     * workers ran with their own {@link #intraOpThreads(int)} scopes (whose restores may interleave), the thread that
     * started them calls this with its own count so later threads (a notebook's next cell) get it again.
     */
    public static void setIntraOpThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + n);
        }
        get();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
    }

    /** Open inference scopes and running training steps, over all threads; guarded by {@code SCOPES}. */
    private static final Object SCOPES = new Object();
    private static int inferenceScopes;
    private static int trainingSteps;
    private static int trainersWaiting;
    private static final ThreadLocal<int[]> INFERENCE_HERE = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * A scope of forward-only work (feature extraction in eval mode, no gradients) that may use oneDNN: its forward
     * kernels are correct here (outputs within 2·10⁻⁷ relative of ATen's) and 7–10× faster for the workbench's
     * ConvNets (60,000 Fashion-MNIST images through ConvNet-3-GAP w32: 5.9 s with oneDNN, 40–57 s without). A scope
     * opened while no training step runs switches oneDNN on until the last such scope closes; a training step
     * ({@link #trainingStep()}) on another thread waits until they have. A scope opened while a training step runs
     * (a monitor inside training) leaves the switch as the step has it (off, or on during the step's forward pass,
     * {@link #trainingForward()}); both are correct for forward-only work.
     */
    public static Scope inference() {
        get();
        if (setMkldnn == null || keepMkldnn) {
            return () -> { };
        }
        synchronized (SCOPES) {
            if (trainingSteps > 0 || trainersWaiting > 0) { // never starve a waiting trainer
                return () -> { };
            }
            if (inferenceScopes++ == 0) {
                setMkldnn(true);
            }
            INFERENCE_HERE.get()[0]++;
        }
        return () -> {
            synchronized (SCOPES) {
                INFERENCE_HERE.get()[0]--;
                if (--inferenceScopes == 0) {
                    setMkldnn(false);
                }
                SCOPES.notifyAll();
            }
        };
    }

    /**
     * A scope around one training step (forward and backward): oneDNN is off for its duration except inside its
     * {@link #trainingForward()} scope and an admitted {@link #trainingBackward(boolean)} scope (see the class
     * comment); waits while other threads hold inference scopes, and while another thread runs a training step (steps
     * are serialised over the process, so that no step's backward pass runs while another's forward pass has oneDNN
     * on). An interrupt while waiting ends in a
     * {@link java.util.concurrent.CancellationException}. Calling it inside this thread's own inference scope is a
     * programming error.
     */
    public static Scope trainingStep() {
        get();
        if (setMkldnn == null || keepMkldnn) {
            return () -> { };
        }
        if (INFERENCE_HERE.get()[0] > 0) {
            throw new IllegalStateException("a training step inside an inference scope of the same thread");
        }
        try { // before SCOPES: a thread holding TRAINING may take SCOPES (trainingForward), never the reverse
            TRAINING.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for another training step");
        }
        try {
            synchronized (SCOPES) {
                trainersWaiting++;
                try {
                    while (inferenceScopes > 0) {
                        try {
                            SCOPES.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.util.concurrent.CancellationException(
                                    "interrupted while waiting for feature extraction to finish");
                        }
                    }
                } finally {
                    trainersWaiting--;
                }
                trainingSteps++;
                if (mkldnnEnabled) { // whatever left it on (a forward scope of an outer step, a stopped thread)
                    setMkldnn(false);
                }
            }
        } catch (Throwable e) {
            TRAINING.unlock();
            throw e;
        }
        return () -> {
            synchronized (SCOPES) {
                trainingSteps--;
                SCOPES.notifyAll();
            }
            TRAINING.unlock();
        };
    }

    /**
     * Inside this thread's {@link #trainingStep()}: a scope for the step's forward pass (the objective's loss), in which
     * oneDNN is on; it is off again when the scope closes, before the backward pass. <b>(decision)</b> The NaN
     * gradients of the class comment come from oneDNN's backward kernels; its forward kernels are correct (the
     * extraction check, and {@code FiniteGradientsTest} compares a forward-with-oneDNN training pass with an all-ATen
     * one) and several times faster, while PyTorch picks the backward kernels again at backward time, from the switch
     * as it is then (off: ATen's). Training steps are serialised over threads ({@link #trainingStep()} holds one lock),
     * and inference scopes leave the switch alone while a step runs, so no backward pass sees oneDNN on except inside
     * a {@link #trainingBackward(boolean)} scope of a network {@link OneDnnBackward} admits. Outside a training step of
     * this thread it does nothing.
     */
    public static Scope trainingForward() {
        return oneDnnInOutermostStep(!FORWARD_OFF);
    }

    /**
     * oneDNN on until the scope closes, if {@code wanted} and this thread runs its outermost training step; else a
     * scope that does nothing. Only in the outermost step: a nested step's scope would switch it off for the rest of
     * the outer pass, and the outer backward would find it as the nested scope left it.
     */
    private static Scope oneDnnInOutermostStep(boolean wanted) {
        if (!wanted || setMkldnn == null || keepMkldnn || TRAINING.getHoldCount() != 1
                || !TRAINING.isHeldByCurrentThread()) {
            return () -> { };
        }
        synchronized (SCOPES) {
            setMkldnn(true);
        }
        return () -> {
            synchronized (SCOPES) {
                setMkldnn(false);
            }
        };
    }

    /**
     * Inside this thread's {@link #trainingStep()}: a scope for the step's backward pass, in which oneDNN is on when
     * {@code oneDnn} is true, which callers decide by {@link OneDnnBackward#refusal} for the networks they train (the
     * shapes whose oneDNN backward is measured correct); off otherwise, and again when the scope closes. As
     * {@link #trainingForward()}, it does nothing outside the outermost training step of this thread.
     */
    public static Scope trainingBackward(boolean oneDnn) {
        return oneDnnInOutermostStep(oneDnn);
    }

    /**
     * Whether a training loop's backward passes actually run on oneDNN when {@link OneDnnBackward} {@code admitted}
     * its network: yes if admitted and the switch works, always with {@code -Dcoopt.mkldnn=true} (oneDNN kept on
     * everywhere), never when the switch could not be found (oneDNN then stays as libtorch loaded it, and a warning
     * said so: reported as false).
     */
    public static boolean backwardRunsOnOneDnn(boolean admitted) {
        get();
        if (keepMkldnn) {
            return Boolean.TRUE.equals(mkldnnEnabled);
        }
        return admitted && setMkldnn != null;
    }

    /** {@code -Dcoopt.trainingForwardOneDnn=false} keeps oneDNN off in training forward passes too (the old way). */
    private static final boolean FORWARD_OFF = "false".equals(System.getProperty("coopt.trainingForwardOneDnn"));

    /** Held by the thread running a training step; one step at a time in the process (see {@link #trainingForward}). */
    private static final java.util.concurrent.locks.ReentrantLock TRAINING = new java.util.concurrent.locks.ReentrantLock();

    /**
     * A scope in which this thread records no gradients ({@code torch.no_grad()}), for in-place updates of parameters
     * outside a training step (EMA targets, prototype normalisation, centres). PyTorch's grad mode is per thread and
     * on by default; DJL turns it off only on the thread that loads the engine, so without this scope the same update
     * fails with "a leaf Variable that requires grad is being used in an in-place operation" on any other thread (a
     * notebook cell after an interrupt, a test that loaded the engine on a worker thread).
     */
    public static Scope noGrad() {
        get();
        if (!ai.djl.pytorch.jni.JniUtils.isGradMode()) {
            return () -> { };
        }
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        return () -> ai.djl.pytorch.jni.JniUtils.setGradMode(true);
    }

    /** A scope that ends without checked exceptions. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The path of a shared library loaded into this process whose file name starts with {@code prefix} (Linux). */
    static java.nio.file.Path loadedLibrary(String prefix) throws java.io.IOException {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
        if (!java.nio.file.Files.isReadable(maps)) {
            return null;
        }
        for (String line : java.nio.file.Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            java.nio.file.Path p = java.nio.file.Path.of(line.substring(slash).trim());
            if (p.getFileName().toString().startsWith(prefix + ".so") || p.getFileName().toString().startsWith(prefix + "-")) {
                return p;
            }
        }
        return null;
    }

    /** GPU 0 when the engine sees one and {@code coopt.device} is not {@code cpu}; otherwise the CPU. */
    public static Device device() {
        Engine engine = get();
        String forced = System.getProperty("coopt.device", "auto");
        if (!"cpu".equalsIgnoreCase(forced) && engine.getGpuCount() > 0) {
            return Device.gpu(0);
        }
        return Device.cpu();
    }

    /** "PyTorch 2.5.1 on cpu(), DJL 0.33.0": for notebooks and logs. */
    public static String describe() {
        Engine engine = get();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device()
                + ", DJL " + Engine.getDjlVersion() + (Boolean.TRUE.equals(mkldnnEnabled) ? ", oneDNN on" : ", oneDNN off");
    }
}
