/**
 * Sweeps: a base config and axes of values ({@link dev.samlab.runner.sweep.SweepFile}), expanded into trials that
 * each train as an ordinary run, and the report gathered over them ({@link dev.samlab.runner.sweep.SweepReport}).
 */
package dev.samlab.runner.sweep;
