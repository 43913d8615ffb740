import ChuzhikaSQL
@testable import ChuzhikaPostgres
import NIOCore
import PostgresNIO
import Testing

/// The cells read straight from their binary form (no server needed): each type as PostgreSQL
/// sends it, in network byte order; anything else is left to postgres-nio's decoding.
@Suite struct PostgresCellTests {
    func bytes<T: FixedWidthInteger>(_ value: T) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(value)
        return buffer
    }

    @Test func eachCommonTypeIsReadFromItsBytes() {
        #expect(PGCells.binaryValue(bytes(Int64.min), .int8) == .integer(Int64.min))
        #expect(PGCells.binaryValue(bytes(Int32(-7)), .int4) == .integer(-7))
        #expect(PGCells.binaryValue(bytes(Int16.max), .int2) == .integer(Int64(Int16.max)))
        #expect(PGCells.binaryValue(bytes((-2.5).bitPattern), .float8) == .real(-2.5))
        #expect(PGCells.binaryValue(bytes(Float(0.1).bitPattern), .float4) == .real(Double(Float(0.1))))
        #expect(PGCells.binaryValue(bytes(UInt8(1)), .bool) == .integer(1))
        #expect(PGCells.binaryValue(bytes(UInt8(0)), .bool) == .integer(0))
        #expect(PGCells.binaryValue(ByteBuffer(string: "王建国 ✓"), .text) == .text("王建国 ✓"))
        #expect(PGCells.binaryValue(ByteBuffer(string: ""), .varchar) == .text(""))
    }

    @Test func anUnexpectedLengthOrTypeIsLeftToTheDriver() {
        #expect(PGCells.binaryValue(bytes(Int32(5)), .int8) == nil, "four bytes are no bigint")
        #expect(PGCells.binaryValue(bytes(Int64(5)), .int4) == nil)
        #expect(PGCells.binaryValue(bytes(Int64(5)), .numeric) == nil)
        // Through the cell: a reader index past zero (a cell is a slice of its row) is honoured.
        var row = ByteBuffer()
        row.writeInteger(Int32(99))
        row.writeInteger(Int64(42))
        row.moveReaderIndex(forwardBy: 4)
        let cell = PostgresCell(bytes: row, dataType: .int8, format: .binary, columnName: "n", columnIndex: 0)
        #expect(PGCells.value(cell) == .integer(42))
        #expect(PGCells.value(PostgresCell(bytes: nil, dataType: .int8, format: .binary, columnName: "n", columnIndex: 0)) == .null)
    }
}
