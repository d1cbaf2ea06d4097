import CMPI

/// A Swift number type with its MPI datatype: what the Communicator can broadcast, reduce and send.
public protocol MPIScalar: Numeric, Sendable {
    static var mpiDatatype: MPI_Datatype { get }
}

extension Float: MPIScalar { public static var mpiDatatype: MPI_Datatype { workbook_mpi_float() } }
extension Double: MPIScalar { public static var mpiDatatype: MPI_Datatype { workbook_mpi_double() } }
extension UInt64: MPIScalar { public static var mpiDatatype: MPI_Datatype { workbook_mpi_uint64() } }
