import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM (`kill`, a batch system's time limit) while a run trains: the handlers only note
/// the signal, and the training loop looks at `received` between steps (`CheckpointSaving`), so that the run stops
/// at a step's end with a checkpoint instead of dying in the middle of an update. A second signal before the loop
/// has seen the first ends the process at once (exit 128 + the signal, as a shell reports a killed process).
///
///     try InterruptSignals.catching { try trainer.fit(loader, epochs: 0..<10) }
public enum InterruptSignals {
    /// The signal that arrived since `catching` began, if any.
    public static var received: Int32? {
        let number = pendingSignal.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Runs `body` with the handlers installed, and puts back the ones it found afterwards (a signal noted and not
    /// acted on is forgotten then: outside `catching`, `received` is nil).
    public static func catching<T>(_ body: () throws -> T) throws -> T {
        pendingSignal.store(0, ordering: .relaxed)
        let previous = [SIGINT, SIGTERM].map { ($0, signal($0, noteSignal)) }
        // A process inherits its parent's blocked signals (a test runner's pool thread, say, that started it): a
        // blocked SIGTERM would wait unseen until the run ended. This thread takes them.
        var signals = sigset_t(), previousMask = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, &previousMask)
        defer {
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
            for (number, handler) in previous { signal(number, handler) }
            pendingSignal.store(0, ordering: .relaxed)
        }
        return try body()
    }

    /// "SIGINT", "SIGTERM", or "signal N".
    public static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}

/// The signal noted by the handler; 0 for none. An atomic store is all a handler may safely do (besides `_exit`).
private let pendingSignal = Atomic<Int32>(0)

private func noteSignal(_ number: Int32) {
    if pendingSignal.exchange(number, ordering: .relaxed) != 0 { _exit(128 + number) }
}
