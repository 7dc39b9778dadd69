package org.nd4j.nativeblas;

/**
 * Repairs DL4J 1.0.0-M2.1's oneDNN check. Before it hands convolutions and batch norm to oneDNN, DL4J
 * ({@code BaseMKLDNNHelper.mklDnnEnabled}) looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN},
 * a class that M2.1 moved and whose method it dropped, so the check always fails and every convolution takes the
 * slow built-in path (about 9x slower on ResNet-20). This class answers that lookup from the native build's own
 * report. Tied to M2.1: remove it with the upgrade that fixes the lookup.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** What DL4J's check calls: {@code getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded libnd4j was built with oneDNN ({@code HAVE_ONEDNN} in its build information). */
        public boolean isUseMKLDNN() {
            try {
                Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
                Object ops = holder.getMethod("getDeviceNativeOps")
                        .invoke(holder.getMethod("getInstance").invoke(null));
                return String.valueOf(ops.getClass().getMethod("buildInfo").invoke(ops))
                        .contains("HAVE_ONEDNN");
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
