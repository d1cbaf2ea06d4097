import CMPI

/// A failed MPI call or a disagreement between ranks, as one line: "MPI_Iallreduce: Other MPI error, …" or
/// "rank 1 has other weights than rank 0 (…)".
public struct DistributedError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// True when every rank meets this error at the same point (a disagreement found by comparing all ranks'
    /// fingerprints): rank 0 alone needs to say it.
    public let isCollective: Bool
    public init(_ description: String, isCollective: Bool = false) {
        self.description = description
        self.isCollective = isCollective
    }

    /// The error of MPI call `function` that returned `code` (the world's error handler is MPI_ERRORS_RETURN).
    static func mpi(_ function: String, _ code: Int32) -> DistributedError {
        var text = [CChar](repeating: 0, count: Int(workbook_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DistributedError("\(function): \(message.split(separator: "\n").first ?? "error \(code)")")
    }
}

/// Throws `DistributedError.mpi` unless an MPI call returned MPI_SUCCESS.
@inline(__always)
func check(_ code: Int32, _ function: @autoclosure () -> String) throws(DistributedError) {
    guard code == workbook_mpi_success() else { throw .mpi(function(), code) }
}
