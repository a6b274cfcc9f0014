package demo

// nameGroups pair given and family names from the same background, as NHS staff are named,
// spelt as their owners spell them: the letters must print every one of them exactly.
// weight is roughly how often the group is drawn.
var nameGroups = []struct {
	weight        int
	given, family []string
}{
	{30, []string{"Emma", "Oliver", "Sophie", "James", "Charlotte", "Thomas", "Hannah", "Daniel", "Grace", "William",
		"Olivia", "Jack", "Amelia", "Harry", "Ruth", "Peter", "Sarah", "Rosalind", "Zoë", "Chloé"},
		[]string{"Smith", "Taylor", "Brown", "Wilson", "Evans", "Thompson", "Roberts", "Walker", "Wright", "Robinson",
			"Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke"}},
	{5, []string{"Siobhán", "Aoife", "Niamh", "Ciarán", "Seán", "Róisín"},
		[]string{"Ó Súilleabháin", "Ní Bhriain", "O'Connor", "Murphy", "Kelly", "Mac Giolla Phádraig"}},
	{4, []string{"Eilidh", "Mhairi", "Rhys", "Angharad", "Dafydd", "Catrin"},
		[]string{"MacLeod", "Campbell", "Stewart", "Jones", "Llewellyn", "Morrison"}},
	{7, []string{"Łukasz", "Zofia", "Małgorzata", "Wojciech", "Agnieszka", "Ioana", "Andrei", "Mihaela"},
		[]string{"Kowalczyk", "Wiśniewska", "Nowak", "Zieliński", "Popescu", "Ionescu"}},
	{5, []string{"João", "Inês", "Gonçalo", "José", "María", "Lucía", "Chiara", "Giuseppe"},
		[]string{"Gonçalves", "Conceição", "Fernández", "Muñoz", "Rossi", "Bianchi"}},
	{3, []string{"Αθηνά", "Γιώργος", "Eleni", "Nikos"}, []string{"Παπαδοπούλου", "Papadopoulos", "Georgiou"}},
	{3, []string{"François", "Renée", "Jürgen", "Lena", "Björn", "Åsa", "Emre", "Elif"},
		[]string{"Lefèvre", "Dubois", "Müller", "Schäfer", "Sørensen", "Öztürk", "Yılmaz"}},
	{16, []string{"Priya", "Arjun", "Ananya", "Rajesh", "Deepika", "Sanjay", "Harpreet", "Gurpreet", "Dev", "Kavita"},
		[]string{"Patel", "Sharma", "Gupta", "Iyer", "Singh", "Kaur", "Sandhu", "Mistry", "Desai", "Kapoor", "Shah"}},
	{9, []string{"Ayesha", "Imran", "Fatima", "Bilal", "Zainab", "Tariq", "Nusrat", "Rahim", "Mohammed", "Yusuf"},
		[]string{"Khan", "Hussain", "Ahmed", "Rahman", "Chowdhury", "Begum", "Mahmood"}},
	{9, []string{"Chidi", "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Ama", "Kofi", "Abena", "Tendai", "Thandiwe"},
		[]string{"Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Asante", "Moyo", "Dlamini", "Bello", "Eze"}},
	{3, []string{"Amina", "Abdi", "Hodan", "Leila", "Omar", "Nadia", "Hassan"},
		[]string{"Mohamed", "Warsame", "Haddad", "Nasser", "Abubakar"}},
	{4, []string{"Wei", "Mei", "Jun", "Xiaoling", "Hiroshi", "Yuki", "Minh", "Thảo"},
		[]string{"Chen", "Wang", "Li", "Zhang", "Nguyễn", "Trần", "Tanaka"}},
	{5, []string{"Maricel", "Jose Mari", "Marisol", "Rowena", "Jericho"}, []string{"Santos", "Reyes", "dela Cruz", "Bautista"}},
	{3, []string{"Esther", "Samuel", "Naomi", "Marcus", "Shanice"}, []string{"Francis", "Joseph", "Baptiste", "Grant", "Campbell"}},
}

// skills are the things associates do on a deployment, with how common each is.
var skills = []weighted{
	{"Data migration", 8}, {"Cutover planning", 7}, {"Interface engineering", 6}, {"Clinical safety", 5},
	{"Go-live command centre", 7}, {"Testing", 8}, {"Training", 8}, {"Clinical informatics", 5},
	{"Business continuity", 4}, {"Reporting and analytics", 5}, {"Infrastructure", 4},
	{"Project management", 7}, {"Service desk", 5}, {"Order communications", 3}, {"Pharmacy systems", 3},
	{"Theatres and scheduling", 3}, {"Maternity systems", 2}, {"Digital change management", 4},
}

// systems are the supplier systems of English trusts, with roughly how widely each is used.
var systems = []weighted{
	{"Epic", 10}, {"Cerner Millennium", 10}, {"System C CareFlow", 6}, {"Dedalus ORBIS", 4},
	{"Nervecentre", 6}, {"MEDITECH Expanse", 3}, {"Altera Sunrise", 3}, {"TPP SystmOne", 5},
	{"EMIS Web", 3}, {"Rio", 3}, {"Lorenzo", 2},
}

type weighted struct {
	name   string
	weight int
}

var roleNames = map[string][]string{
	"Data migration":            {"Data migration analyst", "Data migration lead"},
	"Cutover planning":          {"Cutover lead", "Cutover coordinator"},
	"Interface engineering":     {"Integration engineer", "Interface analyst"},
	"Clinical safety":           {"Clinical safety officer"},
	"Go-live command centre":    {"Command centre lead", "Floorwalker"},
	"Testing":                   {"Test lead", "Test analyst"},
	"Training":                  {"Trainer", "Training lead"},
	"Clinical informatics":      {"Clinical informatician"},
	"Business continuity":       {"Business continuity lead"},
	"Reporting and analytics":   {"Reporting analyst"},
	"Infrastructure":            {"Infrastructure engineer"},
	"Project management":        {"Recovery programme manager", "Deployment project manager"},
	"Service desk":              {"Service desk lead"},
	"Order communications":      {"Order comms specialist"},
	"Pharmacy systems":          {"Pharmacy systems specialist"},
	"Theatres and scheduling":   {"Theatres systems lead"},
	"Maternity systems":         {"Maternity systems specialist"},
	"Digital change management": {"Change manager"},
}

var requestTitles = map[string][]string{
	"Emergency": {"EPR go-live failure: return to paper", "Patient administration outage after upgrade",
		"Results interface failure after cutover", "Downtime recovery and data reconciliation"},
	"Pre-deployment": {"Go-live readiness review", "Cutover rehearsal support", "Data migration assurance",
		"Clinical safety case review before go-live"},
	"Business case": {"Options appraisal for EPR replacement", "Benefits case for electronic prescribing"},
	"Advisory":      {"Optimisation review a year after go-live", "Interface strategy advice"},
}

var lessons = []struct{ system, failed, fixed string }{
	{"Epic", "ADT interface queued messages for six hours after cutover; wards worked from paper lists.",
		"Replayed the queue in order with a throttled feed and reconciled admissions ward by ward before switching back."},
	{"Cerner Millennium", "Order sets migrated without their pathology codes, so tests were ordered but never reached the lab.",
		"Mapped the legacy codes with the lab's LIMS team and ran a daily exception report until the backlog cleared."},
	{"System C CareFlow", "Smartcard role profiles were not mapped, so junior doctors could not prescribe on day one.",
		"Bulk-assigned interim positions with the RA team and kept a command-centre hotline for exceptions."},
	{"Nervecentre", "Observations charting stopped on three wards when the wireless network saturated at handover.",
		"Staggered device sync and added access points; the trust now load-tests wards before each go-live."},
	{"Dedalus ORBIS", "Duplicate patient records after migration split medication histories.",
		"Ran a probabilistic match with clinical review of every merge, prioritising inpatients."},
	{"MEDITECH Expanse", "Theatre lists did not carry over, cancelling elective work for a week.",
		"Rebuilt lists from the legacy extract and paired schedulers with associates for the first two weeks."},
}
