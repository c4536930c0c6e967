from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "candidatures"

    def ready(self):
        from candidatures import receveurs, tri
        from pieces import signaux

        signaux.analyse_terminee.connect(receveurs.piece_analysee, dispatch_uid="candidatures.piece_analysee")
        signaux.piece_rejetee.connect(receveurs.piece_rejetee, dispatch_uid="candidatures.piece_rejetee")
        tri.connecter()  # the queue's stored sort keys, kept when a dossier's départements change
