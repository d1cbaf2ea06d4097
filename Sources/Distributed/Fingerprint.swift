import Datasets
import DeepLearning

/// A 64-bit FNV-1a hash of what must be the same on every rank: the model's architecture, its weights, the data
/// and the loader's settings. Not cryptographic: it catches a rank started with another seed, model or data set.
public struct Fingerprint: Sendable, Equatable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
        add(0xff as UInt8)   // a separator: "ab" + "c" differs from "a" + "bc"
    }

    public mutating func add<T: BitwiseCopyable>(_ number: T) {
        withUnsafeBytes(of: number) { add(bytes: $0) }
    }

    public mutating func add<T>(_ buffer: UnsafeBufferPointer<T>) {
        add(bytes: UnsafeRawBufferPointer(buffer))
    }

    public var description: String { String(value, radix: 16) }

    /// Every tensor's full name and shape, parameters and buffers: two ranks with other models differ here.
    public static func architecture(of model: some Layer<Float>) -> Fingerprint {
        var print = Fingerprint()
        for named in model.namedTensors() {
            print.add(named.name)
            for dimension in named.parameter.shape { print.add(dimension) }
        }
        return print
    }

    /// Every weight and buffer, bit for bit.
    public static func weights(of model: some Layer<Float>) -> Fingerprint {
        var print = Fingerprint()
        for named in model.namedTensors() { print.add(UnsafeBufferPointer(named.parameter.values)) }
        return print
    }

    /// What decides the global batches: the data set's size and every label, the batch size, the shuffle and its
    /// seed, the augmentation and the normalisation. Ranks that agree here see the same global batches.
    public static func data<Dataset: ImageDataset>(of loader: DataLoader<Dataset>) -> Fingerprint {
        var print = Fingerprint()
        print.add(loader.dataset.count)
        for index in 0..<loader.dataset.count { print.add(loader.dataset.label(at: index)) }
        print.add(loader.batchSize)
        print.add(loader.shuffle)
        print.add(loader.dropLast)
        print.add(loader.seed)
        for step in loader.augmentation { print.add(String(describing: step)) }
        if let normalization = loader.normalization {
            for number in normalization.mean + normalization.std { print.add(number) }
        }
        return print
    }
}

extension Communicator {
    /// Throws on every rank unless every rank's fingerprint equals rank 0's (all ranks see the same gathered
    /// values, so all stop together instead of leaving one waiting): how data- and model-parallel runs check,
    /// before their first step, that every rank was started with the same model, data and options.
    public func requireAgreement(on what: String, _ print: Fingerprint) throws(DistributedError) {
        let all = try allgather(print.value)
        guard let odd = all.firstIndex(where: { $0 != all[0] }) else { return }
        throw DistributedError("rank \(odd) disagrees with rank 0 on \(what): fingerprint "
                               + "\(String(all[odd], radix: 16)) against \(String(all[0], radix: 16)); "
                               + "start every rank with the same options", isCollective: true)
    }
}
