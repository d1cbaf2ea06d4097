/// The element types the kernels are written for: `Float` for training, `Double` for gradient checks.
///
/// Kernels are generic over this protocol so that each is written once; the BLAS entry points differ per
/// type (`cblas_sgemm` against `cblas_dgemm`), so those are requirements that each conformance supplies.
public protocol KernelScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {}

extension Float: KernelScalar {}
extension Double: KernelScalar {}
