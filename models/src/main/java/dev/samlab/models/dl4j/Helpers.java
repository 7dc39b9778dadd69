package dev.samlab.models.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns DL4J's platform helpers on (oneDNN on CPU, cuDNN on CUDA) before networks are built: DL4J 1.0.0-M2.1
 * leaves them off unless {@code org.eclipse.deeplearning4j.helpers.disable} is false, and creates them when a
 * layer is constructed. A user's explicit setting of the property is respected.
 *
 * <p>On the CPU it also keeps OpenBLAS on the calling thread (unless {@code OPENBLAS_NUM_THREADS} says otherwise).
 * Every model's heavy work runs on oneDNN; what OpenBLAS gets is the optimizers' level-1 arithmetic between passes,
 * and there its worker threads wait for cores that oneDNN's OpenMP threads still spin on just after a pass, a
 * scheduler slice at a time. ResNet-20, SAM around SGD, the step's own work besides its two passes (median of ten
 * steps, 2 cores): 7.9 ms with OpenBLAS's threads, 2.7 ms without.
 */
public final class Helpers {

    private static final Logger LOG = LoggerFactory.getLogger(Helpers.class);
    static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static volatile boolean announced;

    private Helpers() {}

    public static void enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
        if (!announced) {
            announced = true;
            if (onCpu() && System.getenv("OPENBLAS_NUM_THREADS") == null) {
                Nd4j.factory().blas().setMaxThreads(1);
            }
            String backend = backend();
            boolean disabled = Boolean.parseBoolean(System.getProperty(PROPERTY));
            String helpers = disabled
                    ? "off (" + PROPERTY + "=true)"
                    : onCpu()
                            ? (Nd4jCpu.Environment.getInstance().isUseMKLDNN()
                                    ? "oneDNN for convolution, SamLab's exact BatchNormHelper for batch norm"
                                    : "none: this libnd4j has no oneDNN")
                            : "cuDNN where available";
            LOG.info(
                    "ND4J backend {}, {} threads (OpenBLAS {}); helpers: {}",
                    backend,
                    Nd4j.getEnvironment().maxThreads(),
                    Nd4j.factory().blas().getMaxThreads(),
                    helpers);
        }
    }

    /** Whether ND4J runs on its CPU backend (not CUDA). */
    public static boolean onCpu() {
        return "CPU".equalsIgnoreCase(backend());
    }

    private static String backend() {
        return Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
    }
}
