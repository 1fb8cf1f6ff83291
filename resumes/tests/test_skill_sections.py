"""Skills a resume lists in its structure (skills sections, "Label: a, b" lines, "X -
Experience - N months" lines), kept even when the vocabulary does not know them, and the
gold rule's filter: no traits, sentences, employers, degrees, languages or dates."""

import pytest

from careercopilot.ai.local.taxonomy import NEUTRAL_CATEGORY, taxonomy


def names(text: str) -> set[str]:
    return {name.lower() for name in taxonomy().find(text).named}


POTTER = """Meera Rao
Ceramic artist

KEY SKILLS
• Wheel throwing • Kiln firing • Glaze mixing
Slip casting | Raku; Hand building
Presentation skill

EDUCATION
B.F.A. Ceramics, Sir J. J. School of Art, 2016
Studio assistant at Clay Works Pvt Ltd
"""


def test_a_skills_section_lists_skills_the_vocabulary_does_not_know():
    """Guards the structural extraction: bullets, pipes, semicolons and line breaks split a
    skills section into skills, inflection is normalised, and the list stops at the next
    heading (the degree, school and employer below it are not skills)."""
    found = names(POTTER)
    assert {
        "wheel throwing",
        "kiln firing",
        "glaze mixing",
        "slip casting",
        "raku",
        "hand building",
        "presentation skills",
    } <= found
    assert not {n for n in found if "ceramics" in n or "clay works" in n or "school" in n}


def test_an_unknown_listed_skill_has_the_neutral_category_and_its_line():
    tx = taxonomy()
    findings = tx.find(POTTER)
    assert tx.category("Kiln firing") == NEUTRAL_CATEGORY
    assert findings.named["Kiln firing"] == ["• Wheel throwing • Kiln firing • Glaze mixing"]
    assert tx.category("Python") != NEUTRAL_CATEGORY


def test_traits_languages_hobbies_and_sentences_in_a_skills_section_are_not_skills():
    """Guards the gold rule's filter on listed items: personal traits, spoken languages,
    hobbies, dates and a duty sentence are dropped while the real skills are kept."""
    text = (
        "Skills: Hard working, Energy level, Willingness to learn, Quick learner, English, "
        "Hindi, Playing cricket, Tile setting, Grout sealing, 2019\n"
        "Skills • I managed a team of twelve masons on the new airport terminal site for "
        "three years, with no accidents • Epoxy flooring\n"
    )
    found = names(text)
    assert {"tile setting", "grout sealing", "epoxy flooring"} <= found
    for not_a_skill in (
        "hard working",
        "energy level",
        "willingness to learn",
        "quick learner",
        "english",
        "hindi",
        "playing cricket",
        "2019",
    ):
        assert not_a_skill not in found
    assert not any("masons" in n or "airport" in n for n in found)


def test_a_personal_qualities_section_gives_only_known_skills():
    """Strengths are mostly traits: only what the vocabulary knows counts there."""
    text = (
        "Strengths: Team player, Punctual, Calm temperament, Good communication skills, "
        "Emotional intelligence\n"
    )
    found = names(text)
    assert {"teamwork", "communication", "emotional intelligence"} <= found
    assert "calm temperament" not in found


def test_label_lines_list_skills_and_other_labels_do_not():
    """ "Environment: ..." lists tools; "Role:" and "Client:" name no skill."""
    text = (
        "Project: Fleet tracker\n"
        "Role: Module lead\n"
        "Client: Northwind Logistics\n"
        "Environment: Java, Tomcat, Quartz Scheduler, Gradle\n"
    )
    found = names(text)
    assert {"java", "quartz scheduler", "gradle"} <= found
    assert not {"module lead", "northwind logistics", "fleet tracker"} & found


def test_experience_month_lines_and_parentheses():
    """ "X- Exprience - N months" lines (a common export) name X; a name in parentheses
    counts only when it is a known skill ("(Basic)" is a level, not a skill)."""
    text = (
        "Skill Details\n"
        "Ladle refining- Exprience - 24 months\n"
        "Continuous casting- Exprience - Less than 1 year months\n"
        "Company Details\n"
        "Tools: Oracle (SQL, PL/SQL), Minitab (Basic)\n"
    )
    found = names(text)
    assert {"ladle refining", "continuous casting", "sql", "pl/sql", "minitab"} <= found
    assert not {n for n in found if "exprience" in n or "months" in n or "basic" in n}


def test_and_splits_where_each_side_is_a_skill():
    text = "Key Skills: Planning & Strategizing, Manual and Automation Testing, Bug tracking and reporting"
    found = names(text)
    assert {
        "planning",
        "strategizing",
        "manual testing",
        "test automation",
        "defect tracking",
    } <= found
    assert "reporting" not in found  # "bug reporting", the same skill as bug tracking


@pytest.mark.parametrize(
    "text",
    ["Skills: & , and / ;", "Key Skills • and • & • (", "Tools: ( ) , : -", "SKILLS\n&\nand /\n"],
)
def test_lists_made_of_separators_alone_give_nothing_and_never_fail(text):
    """An item made only of conjunctions ("&", "and /") splits into no part: no skill, no
    error."""
    assert taxonomy().find(text).named == {}


def test_known_skills_as_lists_write_them():
    """Spellings of known skills: a version glued to a word; in a list, the other number
    and a split word; a shared head word; and workplace skills beyond software."""
    found = names(
        "Worked on MS Access2007.\n"
        "Key skills: Customer Services, Auto cad\n"
        "Completed Hotel and Front Office Management.\n"
        "Chargeback processing, phone banking, debt recovery and call quality monitoring.\n"
        "Defect life cycle, retesting and test summary reports.\n"
    )
    assert {
        "ms access",
        "customer service",
        "autocad",
        "hotel management",
        "front office management",
        "chargebacks",
        "phone banking",
        "debt recovery",
        "call quality monitoring",
        "defect life cycle",
        "retesting",
        "test summary reports",
    } <= found


def test_a_list_in_running_text_names_its_unknown_products_when_most_items_are_known():
    """Guards the list-context cue: in "Worked on HDFS, Hive, Sqoop, Zookeeper and Oozie"
    the items the vocabulary lacks are named like products beside known skills, so they
    count; a list of ordinary phrases, or one with few known skills, gives nothing new."""
    found = names("Worked on HDFS, Hive, Quorra, Spark and Zephyrix etc. technologies.\n")
    assert {"hdfs", "hive", "spark", "quorra", "zephyrix"} <= found
    found = names("Handled Vendors, Quorra, Zephyrix and all operational problems.\n")
    assert not {"quorra", "zephyrix", "all operational problems", "vendors"} & found


def test_an_alias_never_names_a_different_skill():
    """Guards the vocabulary's aliases: "infrastructure as code" does not mean the resume
    names Terraform, and "smoke and sanity testing" names two practices, not one."""
    assert "terraform" not in names("Infrastructure as code for every environment.\n")
    assert {"infrastructure as code"} <= names("Infrastructure as code for every environment.\n")
    assert {"smoke testing", "sanity testing"} <= names("Performed smoke and sanity testing.\n")
    assert "computer vision" not in names("Image processing with OpenCV.\n")


def test_project_titles_domains_and_road_maps_name_no_skill_of_the_person():
    """Guards the gold rule's exclusions in running text: a project's title, a client's
    business domain and technologies on a road map are not the person's skills, while the
    same line's environment still is."""
    found = names(
        "Title: Customer Care System Environment: Java, Oracle\n"
        "Domain - Finance and Accounting\n"
        "Member of the technology road map group for virtual reality and 3D printing.\n"
    )
    assert {"java", "oracle"} <= found
    assert not {"customer service", "accounting", "virtual reality", "3d printing"} & found
    assert "customer service" in names("Handled customer service for the region.\n")


def test_a_department_or_industry_is_not_a_skill():
    """Guards the department cue: names heading a department, a sector or a domain say
    where someone worked; the same names as the person's practice still count."""
    found = names(
        "Coordinated with design, CAD, sales & commercial department.\n"
        "Instrumentation & electrical dept. for costing.\n"
    )
    assert not {"cad", "sales", "instrumentation"} & found
    assert "python" in names("Built Python services in the finance domain.\n")
    assert "accounting" in names("Managed accounting for the banking sector.\n")


def test_a_coined_one_word_product_name_from_onet_counts_and_an_english_word_does_not():
    """Guards the O*NET single-word rule: a product name that is no English word (Gradle,
    Zabbix) is found in running text; one that is an English word (Email, Chat) is not."""
    found = names("Built the services with Gradle and monitored them with Zabbix.\n")
    assert {"gradle", "zabbix"} <= found
    assert not {"email", "chat"} & names("Answered Email and Chat queries.\n")


def test_a_degree_line_or_a_products_description_names_no_practice_of_the_person():
    """Guards two running-text exclusions: a short education line names a field of study
    ("Diploma Labour Law"), and a sentence about a product or an organisation says what
    it does ("This application handles order processing"), while the technology it names
    and the same practice as the person's own duty still count."""
    found = names(
        "January 2012 Diploma Labour Law Pune University\n"
        "This application handles order processing and invoicing, built with Java.\n"
        "Acme is an investment platform for mutual funds.\n"
    )
    assert not {"labour law", "order processing", "invoicing", "mutual funds"} & found
    assert "java" in found
    assert "invoicing" in names("Handled invoicing and vendor payments.\n")
    assert "python" in names("Skills: Python, SQL (B.Tech project at Pune University)\n")


def test_listed_items_drop_labels_traits_places_and_stray_punctuation():
    """Guards the list filter on what flattened exports put in a skills section: a label
    glued before the item ("Tools & Software know MATLAB"), a stray parenthesis ("FWSM)"),
    traits, an address and an employer line are not skills."""
    found = names(
        "SKILLS\n"
        "• Tools & Software know MATLAB • Cisco ASA, FWSM)\n"
        "• Hardworking Sincerity • Individual working Capability • Operating Systems\n"
        "company - Kherwadi Police Station\n"
        "400051 India\n"
    )
    assert {"matlab", "fwsm"} <= found
    not_skills = {
        "software know matlab",
        "fwsm)",
        "hardworking sincerity",
        "individual working capability",
        "operating systems",
        "kherwadi police station",
        "400051 india",
    }
    assert not not_skills & found


def test_specialised_practices_are_found_in_running_text_and_everyday_words_are_not():
    """Guards the domain vocabulary: database, site, testing and SAP practices named in a
    sentence are skills; a short name that is an everyday word counts only in its case."""
    found = names(
        "Configured log shipping and AlwaysOn availability groups for SQL Server.\n"
        "Supervised excavation, shuttering and waterproofing on site.\n"
        "Ran system integration testing and sprint planning; built IDoc interfaces in SAP.\n"
        "Processed streams with Storm and Kafka.\n"
    )
    assert {
        "log shipping",
        "alwayson",
        "excavation",
        "shuttering",
        "waterproofing",
        "system integration testing",
        "sprint planning",
        "idoc",
        "storm",
    } <= found
    assert "storm" not in names("Kept the store open through the storm.\n")
    assert "audio mixing" not in names("SKILLS\n• Glaze mixing • Kiln firing\n")


def test_level_words_and_glued_versions_are_not_part_of_a_listed_skill():
    """Guards the list item tidy-up: "Beginner - R3 Corda" is R3 Corda, and a version
    glued to a known name ("Informatica Power Center8.x/9.6") is that name."""
    found = names("SKILLS\n• Beginner - R3 Corda • Informatica Power Center8.x/9.6\n")
    assert "r3 corda" in found
    assert not {name for name in found if "beginner" in name or "9.6" in name}
    assert "informatica powercenter" in found or "informatica" in found


def test_areas_of_interest_and_a_go_live_name_no_skill():
    """Guards two exclusions: technologies under "Areas of interest" are interests, and
    "go-live" is a project milestone, not the Go language."""
    assert "deep learning" not in names("Areas of Interest Deep Learning, Web Development\n")
    assert "go" not in names("Supported the Go-live of SAP S/4HANA and hypercare.\n")
    assert "go" in names("Languages: Go, Python\n")


def test_words_run_together_by_a_flattened_export_are_read_apart():
    """Guards the lost-space repairs: a glued skills heading, a ".js" name written as two
    words, and a capitalised name of several words run together ("SpringMVC",
    "ApacheTomcatServer"); a one-word product ("PyMySQL") is not split into others."""
    found = names(
        "TECHNICALSKILLS SpringMVC, Hibernate, JDBC\n"
        "Web servers: ApacheTomcatServer. Frameworks: Node js, React JS\n"
    )
    assert {"spring", "hibernate", "jdbc", "tomcat", "node.js", "react"} <= found
    assert not {name for name in found if "technicalskills" in name}
    assert "mysql" not in names("Created this project using Django and PyMySQL.\n")


def test_a_version_alone_or_a_heading_word_is_no_listed_skill():
    """Guards the item filter: "Oracle v10, v11, v12" lists Oracle once, not versions, and
    "SKILLS LEARNT" is a heading, not a skill called "Learnt"."""
    found = names("TECHNICAL SKILLS\n• SQL\n• Oracle v10, v11, v12\n")
    assert {"sql", "oracle"} <= found
    assert not {"v10", "v11", "v12"} & found
    found = names("SKILLS LEARNT\n• Time management\n• Working in a team environment.\n")
    assert "time management" in found
    assert "learnt" not in found


def test_a_label_run_into_an_item_is_cut_off():
    """Guards the item repairs of flattened lists: the next label after an item ("Blockchain
    Website Designing: HTML5") and a label before an item ("Dot Net Technologies ASP.Net
    MVC") are not part of its name, nor is a trailing "i.e." or a misspelt label."""
    found = names(
        "Technologies: Salesforce CRM, Blockchain Website Designing: HTML5, CSS3\n"
        "Language C#, Dot Net Technologies ASP.Net MVC, Entity Framework\n"
        "Programing languages: Python, Apex\n"
        "Network Technologies: Static Routing, Dynamic Protocols i.e. RIPv2, OSPF\n"
    )
    assert {"blockchain", "asp.net mvc", "python", "ospf"} <= found
    assert not {name for name in found if "designing" in name or "dot net" in name}
    assert not {name for name in found if "i.e" in name or "programing" in name}


def test_testing_in_a_text_about_no_software_is_not_software_testing():
    """Guards a site engineer's "inspection and testing" shown as Software testing: bare
    "testing" is Software testing only in a text that names software."""
    site = names("Coordinated inspection and testing of concrete works. AutoCAD, MS Office\n")
    assert "testing" in site and "software testing" not in site
    web = names("Performed testing of web pages. Python, Selenium\n")
    assert "software testing" in web
