package dev.samlab.api.data;

/** The two parts of a dataset a run uses. */
public enum Split {
    TRAIN,
    TEST
}
