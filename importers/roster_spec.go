package importers

// The sheets and columns of workbook.md, with the synonyms it accepts. The few columns
// marked "ours" are not in workbook.md: the app writes them and reads them back so that a
// round trip loses nothing.
const (
	sheetOrganisations  = "Organisations"
	sheetAssociates     = "Associates"
	sheetUnavailability = "Unavailability"
	sheetRequests       = "Requests"
	sheetRoles          = "Roles"
	sheetAssignments    = "Assignments"
	sheetLists          = "Lists" // the template's lists of known names; never imported
	sheetGuide          = "Guide" // the template's notes; never imported
)

var organisationColumns = []column{
	col("Code", true, "ODS Code", "Organisation Code"), col("Name", true, "Organisation Name"),
	col("Region", false), col("Postcode", false), col("Opened", false, "Open Date"), col("Closed", false, "Close Date"),
}

var associateColumns = []column{
	col("Staff ID", true, "Employee Number", "ESR Number", "Assignment Number"),
	col("Name", true, "Full Name"), col("Email", false), col("Phone", false, "Telephone"),
	col("Home Organisation", true, "Employer", "ODS Code", "Organisation Code", "Trust"),
	col("Band", false, "AfC Band", "Grade"), col("Skills", false),
	col("Systems", false, "Supplier Systems", "Experience"), col("Clearances", false, "Checks"),
	col("Max Days Per Year", false, "Max Days", "Annual Cap"),
	col("Day Rate", false, "Daily Rate", "Backfill Rate"),
	col("Remote Only", false), col("Active", false), col("Region", false), col("Notes", false),
}

var unavailabilityColumns = []column{
	col("Staff ID", true, "Employee Number", "ESR Number", "Assignment Number"),
	col("From", true, "Start"), col("To", true, "End"), col("Reason", false),
}

var requestColumns = []column{
	col("Ref", true, "Request Ref", "Reference"), col("Trust", true, "Host", "Host Trust", "ODS Code"),
	col("Title", true), col("Kind", false), col("Priority", false), col("System", false, "Supplier System"),
	col("Start", true), col("End", true), col("Mode", false), col("Status", false),
	col("Host Contact", false, "Host Contact Name", "Host Supervisor"), // ours
	col("Host Email", false, "Host Contact Email"),                     // ours
}

var roleColumns = []column{
	col("Request Ref", true, "Ref"), col("Role", true), col("Headcount", false, "Seats"),
	col("Skills", false), col("Clearances", false), col("Start", false), col("End", false),
	col("On-site", false, "Onsite"),
}

var assignmentColumns = []column{
	col("Request Ref", true, "Ref"), col("Role", true),
	col("Staff ID", true, "Employee Number", "ESR Number", "Assignment Number"),
	col("Start", false), col("End", false), col("Status", false), col("Reason", false),
	col("Pinned", false), // ours
	// Written by export for people to read; ignored on import.
	col("Name", false), col("Home Organisation", false), col("Trust", false), col("Days", false), col("Cost (£)", false),
}
