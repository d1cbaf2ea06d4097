import Foundation
import Testing
import AllocationTracing
@testable import Datasets

/// The batch pipeline allocates nothing per batch in steady state, with or without augmentation, normalised, with 2
/// producer threads: counted by glibc's malloc tracer.
///
/// A process cannot trace itself from its start, so the test runs the test binary again as a child, with only this
/// test selected and `childVariable` set: the same test body then does the traced work (warm-up batches, then a
/// window of batches inside `AllocationTrace.traced`) instead of starting a child. The tracer sees every thread,
/// producers included.
@Suite struct BatchAllocationTests {
    static let childVariable = "DATASETS_TESTS_TRACE_BATCHES"
    /// Batches taken before the window: by then every batch storage of the queue exists (window + 1 of them).
    static let warmUpBatches = 8
    static let tracedBatches = 8

    @Test(.enabled(if: AllocationTrace.isAvailable))
    func steadyBatchesAllocateNothing() throws {
        if let traced = ProcessInfo.processInfo.environment[Self.childVariable] {
            try Self.traceSteadyBatches(augmented: traced == "augmented")
            return
        }
        // One child per case, each running only this test (as `swift test` runs the Swift Testing tests on Linux):
        // anything else running in the child, even another case of a parameterised test, would allocate in the window.
        for traced in ["augmented", "plain"] {
            let allocations = try AllocationTrace.allocations(
                ofChild: AllocationTrace.currentExecutable,
                arguments: ["--testing-library", "swift-testing",
                            "--filter", "BatchAllocationTests/steadyBatchesAllocateNothing"],
                environment: [Self.childVariable: traced])
            let callers = allocations.map(\.caller).joined(separator: "\n")
            #expect(allocations.isEmpty,
                    "\(allocations.count) allocations in \(Self.tracedBatches) steady \(traced) batches, by:\n\(callers)")
        }
    }

    /// In the child: 200 Fashion-MNIST-sized images in batches of 8 (25 batches), every augmentation or none,
    /// normalised, 2 producers; warm up, then trace a window of batches well before the end of the epoch (the
    /// producers run at most 4 batches ahead, so none finishes or prepares the last batch inside the window).
    static func traceSteadyBatches(augmented: Bool) throws {
        let images = LabeledImages(width: 28, height: 28, channels: 1,
                                   pixels: (0..<200 * 784).map { UInt8(truncatingIfNeeded: $0 &* 37) },
                                   labels: (0..<200).map { $0 % 10 }, classNames: (0..<10).map { "class \($0)" })
        let loader = DataLoader(images, batchSize: 8, shuffle: true,
                                augmentation: augmented ? [RandomCrop(28, 28, padding: 4), RandomHorizontalFlip(),
                                                           RandomRotation(degrees: 15)] : [],
                                normalization: InputNormalization(mean: [0.286], std: [0.353]), seed: 1, producers: 2)
        let batches = loader.batches(epoch: 0)
        var taken = 0
        var checksum: Float = 0
        for _ in 0..<warmUpBatches where try batches.next() != nil { taken += 1 }
        try AllocationTrace.traced {
            for _ in 0..<tracedBatches {
                guard let batch = try batches.next() else { break }
                checksum += batch.images.scalars[0]
                taken += 1
            }
        }
        #expect(taken == warmUpBatches + tracedBatches && checksum.isFinite)
    }
}
