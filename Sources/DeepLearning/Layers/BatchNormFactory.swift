/// How a model makes its batch norms, so that one definition serves one process and data-parallel ranks:
/// `.local` makes `BatchNorm2d` (statistics of the batch this process sees: on N ranks, of its shard, PyTorch DDP's
/// default); `.synchronized(over:)` makes `SyncBatchNorm2d` (statistics of the global batch over every rank of the
/// group). Both give the same names, parameters and buffers, so a checkpoint loads into either.
public struct BatchNormFactory<Scalar: KernelScalar> {
    private let make: (_ name: String, _ channels: Int) -> any Layer<Scalar>

    public init(_ make: @escaping (_ name: String, _ channels: Int) -> any Layer<Scalar>) {
        self.make = make
    }

    public static var local: BatchNormFactory {
        BatchNormFactory { BatchNorm2d(name: $0, channels: $1) }
    }

    public static func synchronized(over group: any BatchStatisticsGroup) -> BatchNormFactory {
        BatchNormFactory { SyncBatchNorm2d(name: $0, channels: $1, group: group) }
    }

    /// A batch norm over `channels` channels of [N, C, H, W] inputs, named `name` within its parent.
    public func callAsFunction(name: String, channels: Int) -> any Layer<Scalar> {
        make(name, channels)
    }
}
