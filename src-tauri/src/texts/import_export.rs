//! CSV import problems and the results files (csv_import/check.rs, csv_import/export.rs).

super::texts! {
    EMAIL_EMPTY = ("it is empty", "está vacía");
    EMAIL_MISSING_AT = ("it has no @", "no tiene @");
    EMAIL_SEVERAL_AT = ("it has more than one @", "tiene más de una @");
    EMAIL_EMPTY_LOCAL_PART = ("nothing comes before the @", "no hay nada antes de la @");
    EMAIL_LOCAL_PART_TOO_LONG = ("the part before the @ is longer than 64 characters", "la parte antes de la @ tiene más de 64 caracteres");
    EMAIL_INVALID_LOCAL_PART = (
        "the part before the @ has a character that is not allowed (spaces, commas, two dots…)",
        "la parte antes de la @ tiene un carácter no permitido (espacios, comas, dos puntos seguidos…)",
    );
    EMAIL_EMPTY_DOMAIN = ("nothing comes after the @", "no hay nada después de la @");
    EMAIL_INVALID_DOMAIN = ("the domain after the @ is not valid", "el dominio después de la @ no es válido");
    EMAIL_TOO_LONG_TOTAL = ("it is longer than 254 characters", "tiene más de 254 caracteres");

    PROBLEM_EMAIL_MISSING = (
        "The email in column \"{column}\" is empty: type the person's email address, or delete the row.",
        "El correo de la columna «{column}» está vacío: escriba el correo de la persona o borre la fila.",
    );
    PROBLEM_EMAIL_INVALID = (
        "\"{value}\" in column \"{column}\" is not a valid email address ({reason}): correct it, for example name@company.com.",
        "«{value}» en la columna «{column}» no es un correo válido ({reason}): corríjalo, por ejemplo nombre@empresa.com.",
    );
    PROBLEM_EMAIL_TOO_LONG = (
        "The email in column \"{column}\" is longer than {max} characters: check that the cell holds only one address.",
        "El correo de la columna «{column}» tiene más de {max} caracteres: compruebe que la celda tenga una sola dirección.",
    );
    PROBLEM_NAME_TOO_LONG = (
        "The name in column \"{column}\" is longer than {max} characters: shorten it.",
        "El nombre de la columna «{column}» tiene más de {max} caracteres: acórtelo.",
    );
    PROBLEM_ROLE_TOO_LONG = (
        "The role in column \"{column}\" is longer than {max} characters: shorten it.",
        "El rol de la columna «{column}» tiene más de {max} caracteres: acórtelo.",
    );
    PROBLEM_TEAM_UNKNOWN = (
        "The team \"{value}\" in column \"{column}\" does not exist in the Sales account: use an existing team's name, leave it empty for the default team, or create the team first.",
        "El equipo «{value}» de la columna «{column}» no existe en la cuenta de Sales: use el nombre de un equipo existente, déjelo vacío para el equipo por defecto o cree antes el equipo.",
    );

    ROW_DUPLICATE = ("Repeats row {row}: only the first one is invited.", "Repite la fila {row}: solo se invita la primera.");
    ROW_ALREADY = ("Already invited or a member: nothing to send.", "Ya invitado o ya es miembro: no hay nada que enviar.");
    ROW_OVER_SEATS = (
        "No seat left in the Sales account: free a seat or buy more, then import again.",
        "No quedan licencias en la cuenta de Sales: libere o compre licencias y vuelva a importar.",
    );
    ROW_VALID = ("Ready to invite.", "Lista para invitar.");

    INVITATION_SENT = ("Invitation sent: the person still has to accept it.", "Invitación enviada: falta que la persona la acepte.");
    INVITATION_ACCEPTED = ("Accepted: the person is a member.", "Aceptada: la persona ya es miembro.");
    INVITATION_QUEUED = (
        "Queued but not sent (the run was stopped): send it from step 5.",
        "En cola sin enviar (se detuvo el envío): envíela desde el paso 5.",
    );
    INVITATION_FAILED = ("The invitation failed: see step 5.", "La invitación falló: vea el paso 5.");
    HANDED_OFF = ("Handed off to the Sales console (confirmed {at}).", "Entregada a la consola de Sales (confirmado {at}).");

    COLUMN_ROW = ("Row", "Fila");
    COLUMN_STATUS = ("Status", "Estado");
    COLUMN_REASON = ("Reason", "Motivo");
}
