package dev.samlab.runner.train;

/** The training loss became NaN or infinite: continuing would only produce garbage. */
public final class TrainingDivergedException extends RuntimeException {

    TrainingDivergedException(int epoch, long step, double loss) {
        super("training diverged: the loss is " + loss + " at epoch " + (epoch + 1) + ", step " + step
                + "; lower the learning rate (or rho) and start again");
    }
}
