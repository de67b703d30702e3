package org.coopt.workbench.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The one place where the workbench touches DJL's global engine set-up.
 *
 * <p>The workbench never downloads anything at run time: {@link #get()} switches DJL to offline
 * mode ({@code ai.djl.offline=true}) before the engine loads, so the PyTorch natives must come from
 * the {@code pytorch-native-*} jar on the classpath (CPU by default, CUDA with the Maven profile
 * {@code gpu}). The device is chosen automatically: the first GPU if DJL sees one, else the CPU, so
 * the same code runs unchanged on a GPU machine. Set {@code -Dcoopt.device=cpu} to force the CPU.
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
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "DJL's PyTorch engine did not load offline (" + e.getMessage() + "); rebuild with "
                            + "'./coopt build' so pytorch-native-cpu is on the classpath", e);
        }
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
                + ", DJL " + Engine.getDjlVersion();
    }
}
