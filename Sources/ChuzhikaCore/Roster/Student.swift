/// A student, who has one card (储值卡账户).
public struct Student: Hashable, Codable, Sendable {
    public let id: StudentID
    public let name: String
    public let schoolClass: ClassID

    public init(id: StudentID, name: String, schoolClass: ClassID) {
        self.id = id
        self.name = name
        self.schoolClass = schoolClass
    }
}
